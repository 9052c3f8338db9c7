^FX Command barcode sheet, one 4 x 6 in label per page of commands at 203 dpi; each row comes
^FX from command_row.zpl. See sscc.zpl for the placeholder syntax.
^XA
^CI28
^PW812
^LL1218
^LH0,0
^PA0,1,1,0
^FO30,24{{ font:40 }}^FB600,1,0,L,0^FH^FD{{ title }}^FS
^FO640,34{{ font:26 }}^FB150,1,0,R,0^FH^FD{{ page }}^FS
^FO0,78^GB812,3,3^FS
{{ rows|raw }}
^XZ
