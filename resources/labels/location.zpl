^FX Location label, 100 x 50 mm at 203 dpi (812 x 406 dots): code and check digits in large
^FX type, Code 128 of LOC:<code>. See sscc.zpl for the placeholder syntax.
^XA
^CI28
^PW812
^LL406
^LH0,0
^PA0,1,1,0
^FO30,20{{ font:26 }}^FB560,1,0,L,0^FH^FD{{ heading }}^FS
^FO30,58{{ font:100,80 }}^FB570,1,0,L,0^FH^FD{{ code }}^FS
^FO620,16^GB170,160,4^FS
^FO636,26{{ font:22 }}^FDCHECK^FS
^FO632,56{{ font:110,90 }}^FH^FD{{ check_digits }}^FS
^FO30,190^BY{{ module|raw }}^BCN,150,N,N,N^FH^FD{{ barcode_data }}^FS
^FO30,350{{ font:26 }}^FH^FD{{ barcode_text }}^FS
^XZ
