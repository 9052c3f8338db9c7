<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ar">
<context>
    <name />
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="511" />
        <source>“{text}” was typed without Enter and is cleared: key it again if it is needed</source>
        <translation>«{text}» كُتب دون Enter ومُسح: أدخله مجددًا إن لزم</translation>
    </message>
</context>
<context>
    <name>AtRiskStrip</name>
    <message>
        <location filename="../../wms/ui/widgets/at_risk.py" line="49" />
        <source>72-hour clock</source>
        <extracomment>modes whose scan screen shows the strip how often the strip refreshes without a scan (ms) ``load(done, failed)``: read the numbers (in the background), then call one of them</extracomment>
        <translation>ساعة الـ72 ساعة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/at_risk.py" line="80" />
        <source>72-hour clock: promise within {hours} h</source>
        <translation>ساعة الـ72 ساعة: الموعد خلال {hours} ساعة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/at_risk.py" line="82" />
        <source>{count} parcels at risk</source>
        <translation>{count} طرود معرضة للتأخر</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/at_risk.py" line="92" />
        <source>not yet scanned</source>
        <translation>لم يُمسح بعد</translation>
    </message>
</context>
<context>
    <name>CartonPanel</name>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="62" />
        <source>Carton: key S, M or L + Enter</source>
        <translation>الكرتونة: اكتب S أو M أو L ثم Enter</translation>
    </message>
</context>
<context>
    <name>Columns</name>
    <message>
        <location filename="../../wms/ui/models/table.py" line="42" />
        <location filename="../../wms/ui/screens/hub_panel.py" line="37" />
        <location filename="../../wms/ui/screens/supervisor.py" line="84" />
        <source>Location</source>
        <extracomment>the column titles of :mod:`wms.core.services.queries`, for the translation files</extracomment>
        <translation>الموقع</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="43" />
        <location filename="../../wms/ui/screens/supervisor.py" line="85" />
        <source>SKU</source>
        <translation>رمز الصنف</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="44" />
        <source>Product</source>
        <translation>المنتج</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="45" />
        <location filename="../../wms/ui/screens/supervisor.py" line="86" />
        <source>Lot</source>
        <translation>الدفعة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="46" />
        <source>Expiry</source>
        <translation>تاريخ الانتهاء</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="47" />
        <source>Handling unit</source>
        <translation>وحدة المناولة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="48" />
        <source>Status</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="49" />
        <source>Quantity</source>
        <translation>الكمية</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="50" />
        <source>Locations</source>
        <translation>المواقع</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="51" />
        <source>Products</source>
        <translation>المنتجات</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="52" />
        <source>Time</source>
        <translation>الوقت</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="53" />
        <source>Kind</source>
        <translation>النوع</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="54" />
        <source>From</source>
        <translation>من</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="55" />
        <source>To</source>
        <translation>إلى</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="56" />
        <location filename="../../wms/ui/screens/print_queue.py" line="25" />
        <source>Reference</source>
        <translation>المرجع</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="57" />
        <location filename="../../wms/ui/screens/hub_panel.py" line="46" />
        <source>Operator</source>
        <translation>المشغّل</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="58" />
        <location filename="../../wms/ui/screens/hub_panel.py" line="45" />
        <source>Station</source>
        <translation>المحطة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="59" />
        <source>Movement</source>
        <translation>الحركة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="60" />
        <source>ASN</source>
        <translation>إشعار الشحن</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="61" />
        <source>Supplier</source>
        <translation>المورّد</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="62" />
        <source>Origin</source>
        <translation>المنشأ</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="63" />
        <source>Expected</source>
        <translation>المتوقع</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="64" />
        <source>Lines</source>
        <translation>الأسطر</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="65" />
        <source>Units expected</source>
        <translation>الوحدات المتوقعة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="66" />
        <source>Units received</source>
        <translation>الوحدات المستلمة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="67" />
        <source>Order</source>
        <translation>الطلبية</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="68" />
        <source>Customer</source>
        <translation>العميل</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="69" />
        <location filename="../../wms/ui/screens/hub_panel.py" line="40" />
        <source>Country</source>
        <translation>البلد</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="70" />
        <location filename="../../wms/ui/screens/hub_panel.py" line="39" />
        <source>Carrier</source>
        <translation>الناقل</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="71" />
        <source>Units</source>
        <translation>الوحدات</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="72" />
        <source>Units picked</source>
        <translation>الوحدات المنتقاة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="73" />
        <source>Destination</source>
        <translation>الوجهة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="74" />
        <source>Zone</source>
        <translation>المنطقة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="75" />
        <source>Handling units</source>
        <translation>وحدات المناولة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="76" />
        <source>Capacity</source>
        <translation>السعة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="77" />
        <source>Filled</source>
        <translation>نسبة الامتلاء</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="22" />
        <source>Created</source>
        <translation>أُنشئ</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="30" />
        <location filename="../../wms/ui/screens/hub_panel.py" line="47" />
        <source>Parcels</source>
        <translation>الطرود</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="31" />
        <source>Oldest hold (h)</source>
        <translation>أقدم حجز (ساعة)</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="34" />
        <source>Tracking</source>
        <translation>رقم التتبع</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="35" />
        <source>Hours left</source>
        <translation>الساعات المتبقية</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="36" />
        <location filename="../../wms/ui/screens/print_queue.py" line="23" />
        <source>State</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="38" />
        <source>Customs</source>
        <translation>الجمارك</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="41" />
        <source>Dwell (h)</source>
        <translation>مدة البقاء (ساعة)</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="44" />
        <source>Hour</source>
        <translation>الساعة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="24" />
        <source>Document</source>
        <translation>المستند</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="26" />
        <source>Printer</source>
        <translation>الطابعة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="27" />
        <source>Attempts</source>
        <translation>المحاولات</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="28" />
        <source>Last error</source>
        <translation>آخر خطأ</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="83" />
        <source>No.</source>
        <translation>رقم</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="87" />
        <source>Book</source>
        <translation>الدفتري</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="88" />
        <source>Counted</source>
        <translation>المعدود</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="89" />
        <source>Difference</source>
        <translation>الفرق</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="29" />
        <location filename="../../wms/ui/screens/supervisor.py" line="90" />
        <source>Reason</source>
        <translation>السبب</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="91" />
        <source>Counted by</source>
        <translation>عدّه</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="92" />
        <source>When</source>
        <translation>متى</translation>
    </message>
</context>
<context>
    <name>Context</name>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="56" />
        <source>ASN</source>
        <extracomment>key -&gt; command barcode it stands for</extracomment>
        <translation>إشعار الشحن</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="57" />
        <source>Order</source>
        <translation>الطلبية</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="58" />
        <source>SKU</source>
        <translation>رمز الصنف</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="59" />
        <source>Product</source>
        <translation>المنتج</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="60" />
        <source>Lot</source>
        <translation>الدفعة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="61" />
        <source>Expiry</source>
        <translation>تاريخ الانتهاء</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="62" />
        <source>Quantity</source>
        <translation>الكمية</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="63" />
        <source>Location</source>
        <translation>الموقع</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="64" />
        <source>Handling unit</source>
        <translation>وحدة المناولة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="65" />
        <source>SSCC</source>
        <translation>SSCC</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="66" />
        <source>Destination</source>
        <translation>الوجهة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="67" />
        <source>Tote</source>
        <translation>الصندوق</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="68" />
        <source>Carton</source>
        <translation>الكرتونة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="69" />
        <source>Weight (kg)</source>
        <translation>الوزن (كغ)</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="70" />
        <source>Received</source>
        <translation>المستلم</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="71" />
        <source>Expected</source>
        <translation>المتوقع</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="72" />
        <source>Remaining</source>
        <translation>المتبقي</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="73" />
        <source>Line</source>
        <translation>السطر</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="74" />
        <source>Reference</source>
        <translation>المرجع</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="75" />
        <source>Unit</source>
        <translation>الوحدة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="76" />
        <source>Dock</source>
        <translation>الرصيف</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="77" />
        <source>Received here</source>
        <translation>المستلم هنا</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="78" />
        <source>Bench</source>
        <translation>المنضدة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="79" />
        <source>Total</source>
        <translation>المجموع</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="80" />
        <source>Suggested carton</source>
        <translation>الكرتونة المقترحة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="81" />
        <source>Verified</source>
        <translation>تم التحقق</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="82" />
        <source>Pick list</source>
        <translation>قائمة الانتقاء</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="83" />
        <source>Mode</source>
        <translation>النمط</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="84" />
        <source>Zone</source>
        <translation>المنطقة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="85" />
        <source>Stops</source>
        <translation>المحطات</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="86" />
        <source>Units</source>
        <translation>الوحدات</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="87" />
        <source>Orders</source>
        <translation>الطلبات</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="88" />
        <source>Stop</source>
        <translation>المحطة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="89" />
        <source>Picked</source>
        <translation>المنتقى</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="90" />
        <source>State</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="91" />
        <source>Status</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="92" />
        <source>Keyed, waiting for a scan</source>
        <translation>مُدخل، في انتظار مسح</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="97" />
        <source>Reason</source>
        <translation>السبب</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="99" />
        <source>To sort</source>
        <translation>للفرز</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="100" />
        <source>Expected bags</source>
        <translation>الأكياس المتوقعة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="101" />
        <source>Arrived bags</source>
        <translation>الأكياس الواصلة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="102" />
        <source>Missing</source>
        <translation>المفقودة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="103" />
        <source>Parcels</source>
        <translation>الطرود</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="104" />
        <source>Carrier</source>
        <translation>الناقل</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="105" />
        <source>Released</source>
        <translation>المُفرج عنها</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="106" />
        <source>Quarantined</source>
        <translation>في الحجر</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="107" />
        <source>From</source>
        <translation>من</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="108" />
        <source>Check digits</source>
        <translation>أرقام التحقق</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="109" />
        <source>Strategy</source>
        <translation>الاستراتيجية</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="110" />
        <source>Counted</source>
        <translation>المعدود</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="111" />
        <source>Sequence</source>
        <translation>الترتيب</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="112" />
        <source>Plan</source>
        <translation>الخطة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="114" />
        <source>Last-mile bag</source>
        <translation>كيس الميل الأخير</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="115" />
        <source>Bags</source>
        <translation>الأكياس</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="116" />
        <source>Scanned</source>
        <translation>الممسوح</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="118" />
        <source>Return</source>
        <translation>المرتجع</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="119" />
        <source>Owner</source>
        <translation>المالك</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="120" />
        <source>Merchant</source>
        <translation>التاجر</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="121" />
        <source>Grade</source>
        <translation>التصنيف</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="122" />
        <source>Shipped</source>
        <translation>المشحون</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="123" />
        <source>Returned</source>
        <translation>المرتجَع</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="124" />
        <source>Left</source>
        <translation>المتبقي</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="125" />
        <source>Graded</source>
        <translation>المصنَّف</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="96" />
        <source>Parcel</source>
        <translation>الطرد</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="113" />
        <source>Rule</source>
        <translation>القاعدة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="98" />
        <source>Sorted</source>
        <translation>تم فرزه</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="95" />
        <source>Bag</source>
        <translation>الكيس</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="94" />
        <source>MAWB</source>
        <translation>بوليصة الشحن الجوي</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="90" />
        <source>Hello {name}: choose a workflow</source>
        <translation>مرحبًا {name}: اختر عملية</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="94" />
        <source>Press Ctrl and the number, or scan CMD:MODE:&lt;workflow&gt; on the command sheet. F12: log out.</source>
        <translation>اضغط Ctrl مع الرقم، أو امسح CMD:MODE:&lt;سير العمل&gt; من ورقة الأوامر. F12: تسجيل الخروج.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="115" />
        <source>Ctrl+S   Stock screens</source>
        <translation>Ctrl+S   شاشات المخزون</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="121" />
        <source>Ctrl+P   Print queue</source>
        <translation>Ctrl+P   قائمة الطباعة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="125" />
        <source>F9   Settings</source>
        <translation>F9   الإعدادات</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="128" />
        <source>F12   Log out</source>
        <translation>F12   تسجيل الخروج</translation>
    </message>
</context>
<context>
    <name>HubPanel</name>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="52" />
        <location filename="../../wms/ui/screens/hub_panel.py" line="198" />
        <source>overdue</source>
        <extracomment>hours-left buckets of the chart: (upper bound, label) the chart's first label, translated (the others are numbers)</extracomment>
        <translation>متأخرة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="99" />
        <source>Refresh</source>
        <translation>تحديث</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="106" />
        <source>Held in the customs cage</source>
        <translation>محجوزة في قفص الجمارك</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="112" />
        <source>At risk: promise within {hours} h</source>
        <translation>معرضة للتأخر: الموعد خلال {hours} ساعة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="115" />
        <source>Parcels sorted per hour, station and operator</source>
        <translation>الطرود المفرزة لكل ساعة ومحطة ومشغل</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="168" />
        <source>held in the cage: {held} · at risk: {risky}</source>
        <translation>المحجوزة: {held} · المعرضة للتأخر: {risky}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="177" />
        <source>{total} parcels sorted in the last 24 hours, per station and operator</source>
        <translation>{total} طرود مفرزة في آخر 24 ساعة، لكل محطة ومشغل</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="180" />
        <source>parcels</source>
        <translation>طرود</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="189" />
        <source>Parcels</source>
        <translation>الطرود</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="205" />
        <source>Parcels at risk by hours left</source>
        <translation>الطرود المعرضة للتأخر حسب الساعات المتبقية</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <location filename="../../wms/ui/screens/login.py" line="139" />
        <source>Warehouse station</source>
        <translation>محطة المستودع</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/login.py" line="141" />
        <source>Station {station} · warehouse {warehouse}</source>
        <translation>المحطة {station} · المستودع {warehouse}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/login.py" line="146" />
        <source>Scan your badge or type its number, then press Enter. F1–F4: language.</source>
        <translation>امسح شارتك أو اكتب رقمها ثم اضغط Enter. F1–F4: اللغة.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/login.py" line="148" />
        <source>Settings (F9)</source>
        <translation>الإعدادات (F9)</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/login.py" line="156" />
        <source>Scan your badge</source>
        <translation>امسح شارتك</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/login.py" line="157" />
        <source>badge number</source>
        <translation>رقم الشارة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/login.py" line="159" />
        <source>Badge {badge}: key your PIN</source>
        <translation>الشارة {badge}: أدخل رمزك السري</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/login.py" line="160" />
        <source>PIN</source>
        <translation>الرمز السري</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../wms/ui/main_window.py" line="78" />
        <location filename="../../wms/ui/main_window.py" line="600" />
        <source>WMS station {station}</source>
        <translation>محطة WMS {station}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/main_window.py" line="170" />
        <location filename="../../wms/ui/main_window.py" line="335" />
        <location filename="../../wms/ui/main_window.py" line="602" />
        <source>nobody logged in</source>
        <translation>لا أحد مسجّل الدخول</translation>
    </message>
    <message>
        <location filename="../../wms/ui/main_window.py" line="183" />
        <source>device settings have problems: see Settings (F9)</source>
        <translation>إعدادات الأجهزة بها مشاكل: راجع الإعدادات (F9)</translation>
    </message>
    <message>
        <location filename="../../wms/ui/main_window.py" line="224" />
        <source>keyboard wedge</source>
        <translation>ماسح بلوحة المفاتيح</translation>
    </message>
    <message>
        <location filename="../../wms/ui/main_window.py" line="259" />
        <source>print: {waiting} waiting · {failed} failed</source>
        <translation>الطباعة: {waiting} في الانتظار · {failed} فشلت</translation>
    </message>
    <message>
        <location filename="../../wms/ui/main_window.py" line="263" />
        <source>print: {waiting} waiting</source>
        <translation>الطباعة: {waiting} في الانتظار</translation>
    </message>
    <message>
        <location filename="../../wms/ui/main_window.py" line="344" />
        <source>{name} ({role})</source>
        <translation>{name} ({role})</translation>
    </message>
    <message>
        <location filename="../../wms/ui/main_window.py" line="478" />
        <source>Print queue</source>
        <translation>قائمة الطباعة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/main_window.py" line="479" />
        <source>F11  Back to workflows</source>
        <translation>F11  العودة إلى العمليات</translation>
    </message>
    <message>
        <location filename="../../wms/ui/main_window.py" line="494" />
        <source>Settings need a supervisor or admin: log in with such a badge, then press F9</source>
        <translation>الإعدادات تتطلب مشرفًا أو مسؤولًا: سجّل الدخول بشارة كهذه ثم اضغط F9</translation>
    </message>
    <message>
        <location filename="../../wms/ui/main_window.py" line="498" />
        <source>Settings need a supervisor or admin; {name} is logged in as {role}</source>
        <translation>الإعدادات تتطلب مشرفًا أو مسؤولًا؛ و {name} مسجّل الدخول بصفة {role}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/main_window.py" line="530" />
        <source>Settings saved to {path}: devices are used at once; station, warehouse and workflows from the next start.</source>
        <translation>حُفظت الإعدادات في {path}: الأجهزة تُستخدم فورًا؛ المحطة والمستودع وسير العمل من التشغيل القادم.</translation>
    </message>
</context>
<context>
    <name>OccupancyMap</name>
    <message>
        <location filename="../../wms/ui/widgets/occupancy.py" line="21" />
        <source>empty</source>
        <translation>فارغ</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/occupancy.py" line="25" />
        <source>no capacity set</source>
        <translation>السعة غير محددة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/occupancy.py" line="84" />
        <source>Aisle {aisle}</source>
        <translation>الممر {aisle}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/occupancy.py" line="156" />
        <source>No locations</source>
        <translation>لا توجد مواقع</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/occupancy.py" line="191" />
        <source>{code}: {units} units in {lines} lines, capacity {capacity}</source>
        <translation>{code}: {units} وحدة في {lines} سطر، السعة {capacity}</translation>
    </message>
</context>
<context>
    <name>ParcelPrintPanel</name>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="209" />
        <source>waiting</source>
        <translation>في الانتظار</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="210" />
        <source>printing</source>
        <translation>قيد الطباعة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="211" />
        <source>printed</source>
        <translation>طُبع</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="212" />
        <source>failed</source>
        <translation>فشل</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="213" />
        <source>cancelled</source>
        <translation>أُلغي</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="228" />
        <source>Printed for the last parcel</source>
        <translation>المطبوع للطرد الأخير</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="229" />
        <source>no parcel closed yet</source>
        <translation>لم يُغلق أي طرد بعد</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="234" />
        <source>F7  Print again</source>
        <translation>F7  أعد الطباعة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="254" />
        <source>This station has no print queue.</source>
        <translation>لا توجد قائمة طباعة في هذه المحطة.</translation>
    </message>
</context>
<context>
    <name>PrintQueuePanel</name>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="33" />
        <source>Waiting or failed</source>
        <translation>في الانتظار أو فاشلة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="36" />
        <source>All jobs</source>
        <translation>كل المهام</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="37" />
        <source>Printed</source>
        <translation>مطبوعة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="38" />
        <source>Cancelled</source>
        <translation>ملغاة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="65" />
        <source>Show</source>
        <translation>عرض</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="72" />
        <source>Reprint (F7)</source>
        <translation>إعادة الطباعة (F7)</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="77" />
        <source>Send to this printer</source>
        <translation>أرسل إلى هذه الطابعة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="79" />
        <source>Cancel job</source>
        <translation>إلغاء المهمة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="81" />
        <source>Retry all now (F5)</source>
        <translation>أعد المحاولة للكل الآن (F5)</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="87" />
        <source>Printer:</source>
        <translation>الطابعة:</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="135" />
        <source>{count} jobs</source>
        <translation>{count} مهمة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="160" />
        <source>Select a job in the list first (arrow keys), then choose again.</source>
        <translation>اختر مهمة من القائمة أولًا (بالأسهم) ثم أعد الاختيار.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="171" />
        <source>Reprint of {what} queued.</source>
        <translation>أُضيفت إعادة طباعة {what} إلى القائمة.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="184" />
        <source>{what} sent to {printer}.</source>
        <translation>أُرسل {what} إلى {printer}.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="196" />
        <source>Trying every waiting job again now.</source>
        <translation>جارٍ إعادة محاولة كل المهام المنتظرة الآن.</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <location filename="../../wms/ui/i18n.py" line="91" />
        <source>operator</source>
        <extracomment>code -&gt; the language's own name (shown on the login screen) operator roles as the status bar shows them</extracomment>
        <translation>مشغّل</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="92" />
        <source>supervisor</source>
        <translation>مشرف</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="93" />
        <source>admin</source>
        <translation>مسؤول</translation>
    </message>
</context>
<context>
    <name>ScalePanel</name>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="125" />
        <source>Scale</source>
        <translation>الميزان</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="131" />
        <location filename="../../wms/ui/screens/packing.py" line="173" />
        <source>F6  Use this weight</source>
        <translation>F6  استخدم هذا الوزن</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="155" />
        <source>waiting for the scale…</source>
        <translation>في انتظار الميزان…</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="164" />
        <source>No scale at this bench: key the parcel's weight (e.g. 0.9 kg) and press Enter. A scale added in Settings (F9) is used at once.</source>
        <translation>لا يوجد ميزان في هذا المكتب: أدخل وزن الطرد (مثلًا 0.9 kg) ثم اضغط Enter. الميزان المضاف في الإعدادات (F9) يُستخدم فورًا.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="171" />
        <source>F6  Weigh, close and print
label · packing list · customs</source>
        <translation>F6  وزن وإغلاق وطباعة
الملصق · قائمة التعبئة · الجمارك</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="181" />
        <source>stable</source>
        <translation>مستقر</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="181" />
        <source>settling…</source>
        <translation>يستقر…</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="202" />
        <source>The scale {name} has sent no weight yet ({status}): check it, or key the parcel's weight (e.g. 0.9 kg) and press Enter.</source>
        <translation>لم يرسل الميزان {name} أي وزن بعد ({status}): افحصه، أو أدخل وزن الطرد (مثلًا 0.9 kg) ثم اضغط Enter.</translation>
    </message>
</context>
<context>
    <name>ScanScreen</name>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="202" />
        <source>{operator} · station {station}</source>
        <extracomment>context keys that are not for the operator's eyes (or shown elsewhere, like the destination)</extracomment>
        <translation>{operator} · المحطة {station}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="261" />
        <source>Scan, or type and press Enter</source>
        <translation>امسح، أو اكتب ثم اضغط Enter</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="268" />
        <source>Enter: send · Ctrl+Enter: send as barcode · F2 done · F3 short · F4 new unit · F5 close · F7 reprint · F8 cancel · Esc back · F11 home · F12 log out</source>
        <translation>Enter: إرسال · Ctrl+Enter: كرمز شريطي · F2 تم · F3 نقص · F4 وحدة جديدة · F5 إغلاق · F7 إعادة طباعة · F8 إلغاء · Esc رجوع · F11 الرئيسية · F12 خروج</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="119" />
        <source>Station settings</source>
        <translation>إعدادات المحطة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="128" />
        <source>This station: {station} · warehouse {warehouse}</source>
        <translation>هذه المحطة: {station} · المستودع {warehouse}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="142" />
        <source>Station id</source>
        <translation>معرّف المحطة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="143" />
        <source>Warehouse</source>
        <translation>المستودع</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="144" />
        <source>Language</source>
        <translation>اللغة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="146" />
        <source>Workflows at this station</source>
        <translation>عمليات هذه المحطة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="155" />
        <source>Devices</source>
        <translation>الأجهزة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="160" />
        <source>wedge: or /dev/serial/by-id/… or socket://host:port</source>
        <translation>wedge: أو /dev/serial/by-id/… أو socket://host:port</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="161" />
        <source>tcp://printer:9100, file:///folder/, cups://queue</source>
        <translation>tcp://printer:9100 أو file:///folder/ أو cups://queue</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="162" />
        <source>/dev/serial/by-id/… or socket://host:port</source>
        <translation>/dev/serial/by-id/… أو socket://host:port</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="165" />
        <source>Scanner</source>
        <translation>الماسح</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="166" />
        <source>Label printer</source>
        <translation>طابعة الملصقات</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="167" />
        <source>Scale</source>
        <translation>الميزان</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="176" />
        <source>Test</source>
        <translation>اختبار</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="194" />
        <source>Saved in {path}</source>
        <translation>يُحفظ في {path}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="200" />
        <source>Save</source>
        <translation>حفظ</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="201" />
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="246" />
        <source>Enter the device's address first.</source>
        <translation>أدخل عنوان الجهاز أولًا.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="253" />
        <source>Testing…</source>
        <translation>جارٍ الاختبار…</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="276" />
        <source>Choose at least one workflow for this station.</source>
        <translation>اختر عملية واحدة على الأقل لهذه المحطة.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="289" />
        <source>Could not save {path} ({reason}): check the folder's permissions.</source>
        <translation>تعذّر حفظ {path} ({reason}): تحقق من صلاحيات المجلد.</translation>
    </message>
</context>
<context>
    <name>States</name>
    <message>
        <location filename="../../wms/ui/i18n.py" line="100" />
        <source>available</source>
        <extracomment>the states and statuses shown in table cells (stock, pick tasks, orders, print jobs, hub parcels): a cell of a ``state`` / ``status`` column is shown in the station's language</extracomment>
        <translation>متاح</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="101" />
        <source>reserved</source>
        <translation>محجوز</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="102" />
        <source>quarantined</source>
        <translation>في الحجر</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="103" />
        <source>open</source>
        <translation>مفتوح</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="104" />
        <source>backordered</source>
        <translation>طلب مؤجل</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="105" />
        <source>allocated</source>
        <translation>مخصص</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="106" />
        <source>released</source>
        <translation>مُطلق</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="107" />
        <source>picking</source>
        <translation>قيد الانتقاء</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="108" />
        <source>picked</source>
        <translation>تم انتقاؤه</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="109" />
        <source>short</source>
        <translation>ناقص</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="110" />
        <source>packed</source>
        <translation>مغلف</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="111" />
        <source>shipped</source>
        <translation>مشحون</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="112" />
        <source>cancelled</source>
        <translation>أُلغي</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="113" />
        <source>pending</source>
        <translation>قيد الانتظار</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="114" />
        <source>printing</source>
        <translation>قيد الطباعة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="115" />
        <source>done</source>
        <translation>تم</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="116" />
        <source>failed</source>
        <translation>فشل</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="117" />
        <source>expected</source>
        <translation>متوقع</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="118" />
        <source>sorted</source>
        <translation>مفروز</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="119" />
        <source>held</source>
        <translation>محتجز</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="120" />
        <source>exception</source>
        <translation>استثناء</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="121" />
        <source>handed over</source>
        <translation>تم التسليم</translation>
    </message>
</context>
<context>
    <name>SupervisorScreen</name>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="69" />
        <source>Every stock line</source>
        <translation>كل سطر مخزون</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="70" />
        <source>By product</source>
        <translation>حسب المنتج</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="71" />
        <source>By location</source>
        <translation>حسب الموقع</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="72" />
        <source>By lot</source>
        <translation>حسب الدفعة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="73" />
        <source>By handling unit</source>
        <translation>حسب وحدة المناولة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="76" />
        <source>Any status</source>
        <translation>كل الحالات</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="77" />
        <source>Available</source>
        <translation>متاح</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="78" />
        <source>Reserved</source>
        <translation>محجوز</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="79" />
        <source>Quarantined</source>
        <translation>في الحجر</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="194" />
        <source>Stock screens · {warehouse}</source>
        <translation>شاشات المخزون · {warehouse}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="198" />
        <source>F11  Back to workflows</source>
        <translation>F11  العودة إلى العمليات</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="209" />
        <source>Scan or type: location, GTIN, GS1 label, SSCC, order, ASN, SKU…</source>
        <translation>امسح أو اكتب: موقع، GTIN، ملصق GS1، SSCC، طلب، ASN، SKU…</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="213" />
        <source>View</source>
        <translation>العرض</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="216" />
        <source>Status</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="218" />
        <location filename="../../wms/ui/screens/supervisor.py" line="633" />
        <source>Owner</source>
        <translation>المالك</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="219" />
        <source>Stock</source>
        <translation>المخزون</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="232" />
        <source>Expiring within</source>
        <translation>ينتهي خلال</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="233" />
        <source>{days} days</source>
        <translation>{days} يومًا</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="236" />
        <source>Expiring lots</source>
        <translation>دفعات قاربت الانتهاء</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="239" />
        <source>Occupancy</source>
        <translation>الإشغال</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="242" />
        <source>ASNs, orders, sorting</source>
        <translation>الإشعارات والطلبيات والفرز</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="245" />
        <source>Throughput</source>
        <translation>الإنتاجية</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="248" />
        <source>Adjustments</source>
        <translation>التسويات</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="251" />
        <source>Ledger</source>
        <translation>السجل</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="256" />
        <source>Parcel hub</source>
        <translation>مركز الطرود</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="259" />
        <source>Print queue</source>
        <translation>قائمة الطباعة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="344" />
        <source>Every owner</source>
        <translation>كل المالكين</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="368" />
        <source>Units on hand against capacity. Click a location for its ledger.</source>
        <translation>الوحدات الموجودة مقارنة بالسعة. انقر موقعًا لعرض سجله.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="372" />
        <location filename="../../wms/ui/screens/supervisor.py" line="450" />
        <location filename="../../wms/ui/screens/supervisor.py" line="489" />
        <source>Refresh</source>
        <translation>تحديث</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="391" />
        <source>{used} of {total} locations hold stock</source>
        <translation>{used} من {total} موقعًا بها مخزون</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="416" />
        <source>Open ASNs</source>
        <translation>إشعارات الشحن المفتوحة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="417" />
        <source>Open orders</source>
        <translation>الطلبيات المفتوحة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="418" />
        <source>Sort destinations, fullest first</source>
        <translation>وجهات الفرز، الأكثر امتلاءً أولًا</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="438" />
        <source>per station</source>
        <translation>لكل محطة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="439" />
        <source>per operator</source>
        <translation>لكل مشغّل</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="442" />
        <source>last {hours} hours</source>
        <translation>آخر {hours} ساعة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="446" />
        <source>Movements per hour</source>
        <translation>الحركات في الساعة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="471" />
        <source>{total} movements in the last {hours} hours</source>
        <translation>{total} حركة في آخر {hours} ساعة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="487" />
        <source>Approve ({key})</source>
        <translation>اعتماد ({key})</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="488" />
        <source>Reject ({key})</source>
        <translation>رفض ({key})</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="508" />
        <source>Count differences waiting for a supervisor's decision</source>
        <translation>فروق الجرد بانتظار قرار المشرف</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="522" />
        <source>{count} waiting</source>
        <translation>{count} بالانتظار</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="532" />
        <source>Select an adjustment first (arrow keys).</source>
        <translation>اختر تسوية أولًا (بالأسهم).</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="545" />
        <source>{quantity} × {sku} at {location}</source>
        <translation>{quantity} × {sku} في {location}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="549" />
        <source>{what}, lot {lot}</source>
        <translation>{what}، الدفعة {lot}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="552" />
        <source>Approve adjustment {id}: post {what} (book {book}, counted {counted}). Press {key} again or Enter to post it; any other key cancels.</source>
        <translation>اعتماد التسوية {id}: ترحيل {what} (الدفتري {book}، المعدود {counted}). اضغط {key} مرة أخرى أو Enter للترحيل؛ أي مفتاح آخر يلغي.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="557" />
        <source>Reject adjustment {id} ({what}, book {book}, counted {counted}): nothing will be posted. Press {key} again or Enter to reject it; any other key cancels.</source>
        <translation>رفض التسوية {id} ({what}، الدفتري {book}، المعدود {counted}): لن يُرحَّل شيء. اضغط {key} مرة أخرى أو Enter للرفض؛ أي مفتاح آخر يلغي.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="574" />
        <source>Cancelled: nothing was posted.</source>
        <translation>أُلغي: لم يُرحَّل شيء.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="595" />
        <source>Adjustment {id} approved and posted to the ledger.</source>
        <translation>اعتُمدت التسوية {id} وسُجلت في السجل.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="597" />
        <source>Adjustment {id} rejected.</source>
        <translation>رُفضت التسوية {id}.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="619" />
        <source>Product (SKU)</source>
        <translation>المنتج (رمز الصنف)</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="620" />
        <source>Location</source>
        <translation>الموقع</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="623" />
        <source>scan or type, then Enter; empty: every movement</source>
        <translation>امسح أو اكتب ثم Enter؛ فارغ: كل الحركات</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="628" />
        <source>Ledger of</source>
        <translation>سجل</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="649" />
        <location filename="../../wms/ui/screens/supervisor.py" line="661" />
        <source>Not a search: {what}</source>
        <translation>ليس بحثًا: {what}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="652" />
        <location filename="../../wms/ui/screens/supervisor.py" line="670" />
        <source>Searching: {what}</source>
        <translation>البحث: {what}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="683" />
        <source>A scan cancelled the decision: nothing was posted.</source>
        <translation>ألغى مسحٌ القرار: لم يُرحَّل شيء.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="713" />
        <source>That did not work; nothing was changed. See the station log.</source>
        <translation>لم ينجح ذلك؛ لم يتغير شيء. راجع سجل المحطة.</translation>
    </message>
</context>
<context>
    <name>SyncMonitor</name>
    <message>
        <location filename="../../wms/ui/sync_status.py" line="64" />
        <source>No central database: set [central] url in wms.toml or $WMS_CENTRAL_URL.</source>
        <extracomment>feed entries per pull transaction in the app: short write transactions beside the scans</extracomment>
        <translation>لا توجد قاعدة مركزية: اضبط [central] url في wms.toml أو $WMS_CENTRAL_URL.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/sync_status.py" line="68" />
        <source>{n} movements are kept on this station.</source>
        <translation>{n} حركة محفوظة في هذه المحطة.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/sync_status.py" line="72" />
        <source>sync: not configured</source>
        <translation>المزامنة: غير مهيأة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/sync_status.py" line="75" />
        <source>sync: …</source>
        <translation>المزامنة: …</translation>
    </message>
    <message>
        <location filename="../../wms/ui/sync_status.py" line="83" />
        <source>sync: offline since {time} · {n} waiting</source>
        <translation>المزامنة: غير متصل منذ {time} · {n} في الانتظار</translation>
    </message>
    <message>
        <location filename="../../wms/ui/sync_status.py" line="87" />
        <source>sync: offline, never synced · {n} waiting</source>
        <translation>المزامنة: غير متصل، لم تتم أبدًا · {n} في الانتظار</translation>
    </message>
    <message>
        <location filename="../../wms/ui/sync_status.py" line="93" />
        <source>sync: {n} waiting, not synced yet</source>
        <translation>المزامنة: {n} في الانتظار، لم تتم بعد</translation>
    </message>
    <message>
        <location filename="../../wms/ui/sync_status.py" line="97" />
        <source>sync: {n} waiting, last synced {time}</source>
        <translation>المزامنة: {n} في الانتظار، آخر مزامنة {time}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/sync_status.py" line="176" />
        <source>sync: state unknown</source>
        <translation>المزامنة: الحالة غير معروفة</translation>
    </message>
</context>
<context>
    <name>TablePanel</name>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="72" />
        <source>Search (scan or type)…</source>
        <extracomment>text of the search box -&gt; (the filters it sets, what is searched for in one line or "")</extracomment>
        <translation>بحث (امسح أو اكتب)…</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="85" />
        <source>Export CSV…</source>
        <translation>تصدير CSV…</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="159" />
        <source>Loading…</source>
        <translation>جارٍ التحميل…</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="165" />
        <source>{shown} of {total} rows</source>
        <translation>{shown} من {total} سطرًا</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="169" />
        <source>{shown} rows</source>
        <translation>{shown} سطرًا</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="171" />
        <source>{shown} rows, more as you scroll</source>
        <translation>{shown} سطرًا، والمزيد عند التمرير</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="196" />
        <source>Export to CSV</source>
        <translation>تصدير إلى CSV</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="196" />
        <source>CSV files (*.csv)</source>
        <translation>ملفات CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="203" />
        <source>Exporting…</source>
        <translation>جارٍ التصدير…</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="208" />
        <source>{count} rows exported to {path}</source>
        <translation>صُدّر {count} سطرًا إلى {path}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="215" />
        <source>Could not write {path}: choose another folder.</source>
        <translation>تعذّرت الكتابة في {path}: اختر مجلدًا آخر.</translation>
    </message>
</context>
<context>
    <name>Tables</name>
    <message>
        <location filename="../../wms/ui/models/table.py" line="286" />
        <source>This list could not be loaded; try again, or see the station log.</source>
        <translation>تعذّر تحميل هذه القائمة؛ أعد المحاولة أو راجع سجل المحطة.</translation>
    </message>
</context>
<context>
    <name>ThroughputChart</name>
    <message>
        <location filename="../../wms/ui/widgets/chart.py" line="81" />
        <source>hour</source>
        <translation>الساعة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/chart.py" line="83" />
        <source>movements</source>
        <translation>الحركات</translation>
    </message>
</context>
<context>
    <name>Workflows</name>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="24" />
        <source>Receiving</source>
        <extracomment>the translatable titles, for the translation files; the English ones are ``StationMode.english_title`` (a test holds the two to each other)</extracomment>
        <translation>الاستلام</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="25" />
        <source>Putaway</source>
        <translation>التخزين</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="26" />
        <source>Moves</source>
        <translation>النقل</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="27" />
        <source>Counting</source>
        <translation>الجرد</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="33" />
        <source>Adjustments</source>
        <translation>التسويات</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="34" />
        <source>Hub arrival</source>
        <translation>وصول المركز</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="35" />
        <source>Deconsolidation</source>
        <translation>فك التجميع</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="36" />
        <source>Hold release</source>
        <translation>الإفراج عن المحجوز</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="37" />
        <source>Carrier handover</source>
        <translation>التسليم للناقل</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="38" />
        <source>Quarantine release</source>
        <translation>الإفراج من الحجر</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="39" />
        <source>Returns</source>
        <translation>المرتجعات</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="32" />
        <source>Transfers</source>
        <translation>التحويلات</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="28" />
        <source>Picking</source>
        <translation>الانتقاء</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="29" />
        <source>Sorting</source>
        <translation>الفرز</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="30" />
        <source>Packing</source>
        <translation>التغليف</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="31" />
        <source>Shipping</source>
        <translation>الشحن</translation>
    </message>
</context>
<context>
    <name>self.screen</name>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="152" />
        <source>Cancelled: nothing was posted.</source>
        <translation>أُلغي: لم يُرحَّل شيء.</translation>
    </message>
</context>
</TS>