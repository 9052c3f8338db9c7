^FX GS1 logistic label, 4 x 6 in at 203 dpi (812 x 1218 dots).
^FX Placeholders: {{ name }} is field data escaped for ^FH, {{ name|raw }} is inserted as is,
^FX {{ font:H }} selects the text font at H dots, a line starting {{?name}} is kept only if name is set.
^XA
^CI28
^PW812
^LL1218
^LH0,0
^PA0,1,1,0
^FX ---- ship from (top left) and carrier (top right)
{{?from_name}}^FO30,22{{ font:20 }}^FDFROM^FS
^FO30,46{{ font:26 }}^FB380,1,0,L,0^FH^FD{{ from_name }}^FS
^FO30,76{{ font:22 }}^FB380,1,0,L,0^FH^FD{{ from_line1 }}^FS
^FO30,102{{ font:22 }}^FB380,1,0,L,0^FH^FD{{ from_line2 }}^FS
^FO30,128{{ font:22 }}^FB380,1,0,L,0^FH^FD{{ from_place }}^FS
^FO430,22{{ font:20 }}^FDCARRIER^FS
^FO430,46{{ font:50 }}^FB360,1,0,L,0^FH^FD{{ carrier }}^FS
^FO430,104{{ font:30 }}^FB360,1,0,L,0^FH^FD{{ service }}^FS
^FO410,15^GB3,145,3^FS
^FO0,162^GB812,3,3^FS
^FX ---- ship to
^FO30,176{{ font:20 }}^FDTO^FS
^FO30,202{{ font:44 }}^FB750,1,0,L,0^FH^FD{{ to_name }}^FS
^FO30,254{{ font:34 }}^FB750,1,0,L,0^FH^FD{{ to_line1 }}^FS
^FO30,294{{ font:34 }}^FB750,1,0,L,0^FH^FD{{ to_line2 }}^FS
^FO30,334{{ font:34 }}^FB750,1,0,L,0^FH^FD{{ to_line3 }}^FS
^FO30,378{{ font:52 }}^FB750,1,0,L,0^FH^FD{{ to_place }}^FS
^FO30,436{{ font:30 }}^FB750,1,0,L,0^FH^FD{{ to_country }}^FS
^FO0,474^GB812,3,3^FS
^FX ---- carrier segment: ship-to postal code as GS1-128 (420), parcel n of m, weight
^FO30,488{{ font:20 }}^FDSHIP TO POSTAL CODE^FS
^FO30,516^BY{{ postcode_module|raw }}^BCN,130,N,N,N^FH^FD{{ postcode_data }}^FS
^FO30,656{{ font:26 }}^FH^FD{{ postcode_hri }}^FS
^FO560,488{{ font:20 }}^FDPARCEL^FS
^FO560,512{{ font:48 }}^FH^FD{{ parcel }}^FS
^FO560,578{{ font:20 }}^FDWEIGHT^FS
^FO560,602{{ font:40 }}^FH^FD{{ weight }}^FS
^FO0,700^GB812,3,3^FS
^FX ---- customer segment: order reference, content GTIN and count
^FO30,712{{ font:20 }}^FDORDER^FS
^FO30,736{{ font:34 }}^FB380,1,0,L,0^FH^FD{{ order_reference }}^FS
{{?content_text}}^FO430,712{{ font:20 }}^FDCONTENT^FS
{{?content_text}}^FO430,736{{ font:26 }}^FB370,1,0,L,0^FH^FD{{ content_text }}^FS
{{?content_data}}^FO30,778^BY{{ content_module|raw }}^BCN,72,N,N,N^FH^FD{{ content_data }}^FS
{{?content_data}}^FO30,854{{ font:22 }}^FH^FD{{ content_hri }}^FS
^FO0,882^GB812,3,3^FS
^FX ---- SSCC segment
^FO30,896{{ font:20 }}^FDSSCC^FS
^FO30,922{{ font:40 }}^FH^FD{{ sscc_hri }}^FS
^FO30,976^BY{{ sscc_module|raw }}^BCN,220,N,N,N^FH^FD{{ sscc_data }}^FS
^XZ
