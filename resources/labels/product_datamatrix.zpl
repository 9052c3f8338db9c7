^FX Product label with a GS1 DataMatrix (ECC 200, FNC1 first), 4 x 3 in at 203 dpi.
^FX ^BX uses | as its escape character: |1 is FNC1. See sscc.zpl for the placeholder syntax.
^XA
^CI28
^PW812
^LL609
^LH0,0
^PA0,1,1,0
^FO30,20{{ font:24 }}^FDSKU^FS
^FO100,16{{ font:32 }}^FB680,1,0,L,0^FH^FD{{ sku }}^FS
^FO30,62{{ font:40 }}^FB750,2,0,L,0^FH^FD{{ name }}^FS
^FO30,180{{ font:28 }}^FH^FD{{ gtin_text }}^FS
{{?lot}}^FO30,230{{ font:28 }}^FH^FDLOT {{ lot }}^FS
{{?expiry}}^FO30,280{{ font:28 }}^FH^FDEXP {{ expiry }}^FS
{{?quantity}}^FO30,330{{ font:28 }}^FH^FDQTY {{ quantity }}^FS
^FO520,170^BXN,{{ module|raw }},200,0,0,6,|,1^FH^FD{{ barcode_data }}^FS
^FO30,540{{ font:22 }}^FB750,2,0,L,0^FH^FD{{ barcode_hri }}^FS
^XZ
