^FX Sort bag / cage label, 4 x 6 in at 203 dpi: destination in huge type, the bag's SSCC as
^FX GS1-128. See sscc.zpl for the placeholder syntax.
^XA
^CI28
^PW812
^LL1218
^LH0,0
^PA0,1,1,0
^FO30,24{{ font:30 }}^FB750,1,0,L,0^FH^FD{{ heading }}^FS
^FO0,66^GB812,3,3^FS
^FO20,100{{ font:220,150 }}^FB772,1,0,C,0^FH^FD{{ destination_code }}^FS
^FO20,350{{ font:56 }}^FB772,2,0,C,0^FH^FD{{ destination_name }}^FS
^FO0,490^GB812,3,3^FS
^FO30,506{{ font:22 }}^FDPARCELS^FS
^FO30,534{{ font:70 }}^FH^FD{{ parcel_count }}^FS
^FO430,506{{ font:22 }}^FDWEIGHT^FS
^FO430,534{{ font:70 }}^FH^FD{{ weight }}^FS
^FO0,630^GB812,3,3^FS
^FO30,660{{ font:22 }}^FDSSCC^FS
^FO30,690{{ font:40 }}^FH^FD{{ sscc_hri }}^FS
^FO30,760^BY{{ sscc_module|raw }}^BCN,320,N,N,N^FH^FD{{ sscc_data }}^FS
^XZ
