^FX Pallet (handling unit) label, 4 x 6 in at 203 dpi: the SSCC received onto at a dock, its
^FX receipt and dock in big type, the SSCC as GS1-128. See sscc.zpl for the placeholder syntax.
^XA
^CI28
^PW812
^LL1218
^LH0,0
^PA0,1,1,0
^FO30,24{{ font:30 }}^FB750,1,0,L,0^FH^FD{{ heading }}^FS
^FO0,66^GB812,3,3^FS
^FO30,96{{ font:22 }}^FDRECEIPT^FS
^FO20,126{{ font:90,60 }}^FB772,2,0,L,0^FH^FD{{ reference }}^FS
^FO30,330{{ font:22 }}^FDDOCK^FS
^FO20,360{{ font:110,80 }}^FB772,1,0,L,0^FH^FD{{ dock }}^FS
^FO0,490^GB812,3,3^FS
^FO30,506{{ font:22 }}^FDPUT AWAY: SCAN THIS LABEL^FS
^FO0,630^GB812,3,3^FS
^FO30,660{{ font:22 }}^FDSSCC^FS
^FO30,690{{ font:40 }}^FH^FD{{ sscc_hri }}^FS
^FO30,760^BY{{ sscc_module|raw }}^BCN,320,N,N,N^FH^FD{{ sscc_data }}^FS
^XZ
