^FX Product label, 4 x 3 in at 203 dpi (812 x 609 dots): SKU, name, GS1-128 with (01) GTIN,
^FX (17) expiry, (10) lot, (30) count. See sscc.zpl for the placeholder syntax.
^XA
^CI28
^PW812
^LL609
^LH0,0
^PA0,1,1,0
^FO30,20{{ font:24 }}^FDSKU^FS
^FO100,16{{ font:32 }}^FB680,1,0,L,0^FH^FD{{ sku }}^FS
^FO30,62{{ font:40 }}^FB750,2,0,L,0^FH^FD{{ name }}^FS
^FO30,160{{ font:26 }}^FH^FD{{ gtin_text }}^FS
{{?lot}}^FO30,196{{ font:26 }}^FH^FDLOT {{ lot }}^FS
{{?expiry}}^FO330,196{{ font:26 }}^FH^FDEXP {{ expiry }}^FS
{{?quantity}}^FO600,196{{ font:26 }}^FH^FDQTY {{ quantity }}^FS
^FO30,250^BY{{ module|raw }}^BCN,230,N,N,N^FH^FD{{ barcode_data }}^FS
^FO30,500{{ font:26 }}^FB750,2,0,L,0^FH^FD{{ barcode_hri }}^FS
^XZ
