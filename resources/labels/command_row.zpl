^FO40,{{ barcode_y|raw }}^BY{{ module|raw }}^BCN,80,N,N,N^FH^FD{{ barcode_data }}^FS
^FO40,{{ caption_y|raw }}{{ font:caption_size }}^FB740,1,0,L,0^FH^FD{{ caption }}^FS
