^FX Operator badge, CR80 card 86 x 54 mm at 203 dpi (685 x 431 dots): name, role, Code 128 of
^FX BADGE:<id>. See sscc.zpl for the placeholder syntax.
^XA
^CI28
^PW685
^LL431
^LH0,0
^PA0,1,1,0
^FO30,24{{ font:50 }}^FB625,1,0,L,0^FH^FD{{ name }}^FS
^FO30,86{{ font:32 }}^FB625,1,0,L,0^FH^FD{{ role }}^FS
^FO30,140^BY{{ module|raw }}^BCN,200,N,N,N^FH^FD{{ barcode_data }}^FS
^FO30,360{{ font:28 }}^FH^FD{{ barcode_text }}^FS
^XZ
