<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ar">
<context>
    <name>CartonPanel</name>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="96" />
        <source>Carton: key S, M or L + Enter</source>
        <translation>الكرتونة: اكتب S أو M أو L ثم Enter</translation>
    </message>
</context>
<context>
    <name>Columns</name>
    <message>
        <location filename="../../wms/ui/models/table.py" line="41" />
        <location filename="../../wms/ui/screens/supervisor.py" line="54" />
        <source>Location</source>
        <extracomment>the column titles of :mod:`wms.ui.models.queries`, for the translation files</extracomment>
        <translation>الموقع</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="42" />
        <location filename="../../wms/ui/screens/supervisor.py" line="55" />
        <source>SKU</source>
        <translation>رمز الصنف</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="43" />
        <source>Product</source>
        <translation>المنتج</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="44" />
        <location filename="../../wms/ui/screens/supervisor.py" line="56" />
        <source>Lot</source>
        <translation>الدفعة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="45" />
        <source>Expiry</source>
        <translation>تاريخ الانتهاء</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="46" />
        <source>Handling unit</source>
        <translation>وحدة المناولة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="47" />
        <source>Status</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="48" />
        <source>Quantity</source>
        <translation>الكمية</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="49" />
        <source>Locations</source>
        <translation>المواقع</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="50" />
        <source>Products</source>
        <translation>المنتجات</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="51" />
        <source>Time</source>
        <translation>الوقت</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="52" />
        <source>Kind</source>
        <translation>النوع</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="53" />
        <source>From</source>
        <translation>من</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="54" />
        <source>To</source>
        <translation>إلى</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="55" />
        <location filename="../../wms/ui/screens/print_queue.py" line="24" />
        <source>Reference</source>
        <translation>المرجع</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="56" />
        <source>Operator</source>
        <translation>المشغّل</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="57" />
        <source>Station</source>
        <translation>المحطة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="58" />
        <source>Movement</source>
        <translation>الحركة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="59" />
        <source>ASN</source>
        <translation>إشعار الشحن</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="60" />
        <source>Supplier</source>
        <translation>المورّد</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="61" />
        <source>Origin</source>
        <translation>المنشأ</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="62" />
        <source>Expected</source>
        <translation>المتوقع</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="63" />
        <source>Lines</source>
        <translation>الأسطر</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="64" />
        <source>Units expected</source>
        <translation>الوحدات المتوقعة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="65" />
        <source>Units received</source>
        <translation>الوحدات المستلمة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="66" />
        <source>Order</source>
        <translation>الطلبية</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="67" />
        <source>Customer</source>
        <translation>العميل</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="68" />
        <source>Country</source>
        <translation>البلد</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="69" />
        <source>Carrier</source>
        <translation>الناقل</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="70" />
        <source>Units</source>
        <translation>الوحدات</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="71" />
        <source>Units picked</source>
        <translation>الوحدات المنتقاة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="72" />
        <source>Destination</source>
        <translation>الوجهة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="73" />
        <source>Zone</source>
        <translation>المنطقة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="74" />
        <source>Handling units</source>
        <translation>وحدات المناولة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="75" />
        <source>Capacity</source>
        <translation>السعة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="76" />
        <source>Filled</source>
        <translation>نسبة الامتلاء</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="21" />
        <source>Created</source>
        <translation>أُنشئ</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="22" />
        <source>State</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="23" />
        <source>Document</source>
        <translation>المستند</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="25" />
        <source>Printer</source>
        <translation>الطابعة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="26" />
        <source>Attempts</source>
        <translation>المحاولات</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="27" />
        <source>Last error</source>
        <translation>آخر خطأ</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="53" />
        <source>No.</source>
        <translation>رقم</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="57" />
        <source>Book</source>
        <translation>الدفتري</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="58" />
        <source>Counted</source>
        <translation>المعدود</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="59" />
        <source>Difference</source>
        <translation>الفرق</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="60" />
        <source>Reason</source>
        <translation>السبب</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="61" />
        <source>Counted by</source>
        <translation>عدّه</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="62" />
        <source>When</source>
        <translation>متى</translation>
    </message>
</context>
<context>
    <name>Context</name>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="52" />
        <source>ASN</source>
        <extracomment>key -&gt; command barcode it stands for</extracomment>
        <translation>إشعار الشحن</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="53" />
        <source>Order</source>
        <translation>الطلبية</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="54" />
        <source>SKU</source>
        <translation>رمز الصنف</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="55" />
        <source>Product</source>
        <translation>المنتج</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="56" />
        <source>Lot</source>
        <translation>الدفعة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="57" />
        <source>Expiry</source>
        <translation>تاريخ الانتهاء</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="58" />
        <source>Quantity</source>
        <translation>الكمية</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="59" />
        <source>Location</source>
        <translation>الموقع</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="60" />
        <source>Handling unit</source>
        <translation>وحدة المناولة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="61" />
        <source>SSCC</source>
        <translation>SSCC</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="62" />
        <source>Destination</source>
        <translation>الوجهة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="63" />
        <source>Tote</source>
        <translation>الصندوق</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="64" />
        <source>Carton</source>
        <translation>الكرتونة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="65" />
        <source>Weight (kg)</source>
        <translation>الوزن (كغ)</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="66" />
        <source>Received</source>
        <translation>المستلم</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="67" />
        <source>Expected</source>
        <translation>المتوقع</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="68" />
        <source>Remaining</source>
        <translation>المتبقي</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="52" />
        <source>Hello {name}: choose a workflow</source>
        <translation>مرحبًا {name}: اختر عملية</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="56" />
        <source>Press the number key, or scan CMD:MODE:&lt;workflow&gt; on the command sheet. F12: log out.</source>
        <translation>اضغط على رقم العملية أو امسح CMD:MODE:&lt;العملية&gt; من ورقة الأوامر. F12: تسجيل الخروج.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="77" />
        <source>S   Stock screens</source>
        <translation>S   شاشات المخزون</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="83" />
        <source>P   Print queue</source>
        <translation>P   قائمة الطباعة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="87" />
        <source>F9   Settings</source>
        <translation>F9   الإعدادات</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="90" />
        <source>F12   Log out</source>
        <translation>F12   تسجيل الخروج</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <location filename="../../wms/ui/screens/login.py" line="128" />
        <source>Warehouse station</source>
        <translation>محطة المستودع</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/login.py" line="130" />
        <source>Station {station} · warehouse {warehouse}</source>
        <translation>المحطة {station} · المستودع {warehouse}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/login.py" line="135" />
        <source>Scan your badge or type its number, then press Enter. F1–F4: language.</source>
        <translation>امسح شارتك أو اكتب رقمها ثم اضغط Enter. F1–F4: اللغة.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/login.py" line="137" />
        <source>Settings (F9)</source>
        <translation>الإعدادات (F9)</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/login.py" line="145" />
        <source>Scan your badge</source>
        <translation>امسح شارتك</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/login.py" line="146" />
        <source>badge number</source>
        <translation>رقم الشارة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/login.py" line="148" />
        <source>Badge {badge}: key your PIN</source>
        <translation>الشارة {badge}: أدخل رمزك السري</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/login.py" line="149" />
        <source>PIN</source>
        <translation>الرمز السري</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../wms/ui/main_window.py" line="63" />
        <location filename="../../wms/ui/main_window.py" line="481" />
        <source>WMS station {station}</source>
        <translation>محطة WMS {station}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/main_window.py" line="152" />
        <location filename="../../wms/ui/main_window.py" line="303" />
        <location filename="../../wms/ui/main_window.py" line="483" />
        <source>nobody logged in</source>
        <translation>لا أحد مسجّل الدخول</translation>
    </message>
    <message>
        <location filename="../../wms/ui/main_window.py" line="171" />
        <source>device settings have problems: see Settings (F9)</source>
        <translation>إعدادات الأجهزة بها مشاكل: راجع الإعدادات (F9)</translation>
    </message>
    <message>
        <location filename="../../wms/ui/main_window.py" line="199" />
        <source>keyboard wedge</source>
        <translation>ماسح بلوحة المفاتيح</translation>
    </message>
    <message>
        <location filename="../../wms/ui/main_window.py" line="234" />
        <source>print: {waiting} waiting · {failed} failed</source>
        <translation>الطباعة: {waiting} في الانتظار · {failed} فشلت</translation>
    </message>
    <message>
        <location filename="../../wms/ui/main_window.py" line="238" />
        <source>print: {waiting} waiting</source>
        <translation>الطباعة: {waiting} في الانتظار</translation>
    </message>
    <message>
        <location filename="../../wms/ui/main_window.py" line="312" />
        <source>{name} ({role})</source>
        <translation>{name} ({role})</translation>
    </message>
    <message>
        <location filename="../../wms/ui/main_window.py" line="414" />
        <source>Print queue</source>
        <translation>قائمة الطباعة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/main_window.py" line="415" />
        <source>F11  Back to workflows</source>
        <translation>F11  العودة إلى العمليات</translation>
    </message>
    <message>
        <location filename="../../wms/ui/main_window.py" line="431" />
        <source>Settings saved to {path}; restart the station app to use them.</source>
        <translation>حُفظت الإعدادات في {path}؛ أعد تشغيل التطبيق لاستخدامها.</translation>
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
        <location filename="../../wms/ui/screens/packing.py" line="210" />
        <source>waiting</source>
        <translation>في الانتظار</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="211" />
        <source>printing</source>
        <translation>قيد الطباعة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="212" />
        <source>printed</source>
        <translation>طُبع</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="213" />
        <source>failed</source>
        <translation>فشل</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="214" />
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
        <location filename="../../wms/ui/screens/packing.py" line="252" />
        <source>This station has no print queue.</source>
        <translation>لا توجد قائمة طباعة في هذه المحطة.</translation>
    </message>
</context>
<context>
    <name>PrintQueuePanel</name>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="31" />
        <source>Waiting or failed</source>
        <translation>في الانتظار أو فاشلة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="32" />
        <source>All jobs</source>
        <translation>كل المهام</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="33" />
        <source>Printed</source>
        <translation>مطبوعة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="34" />
        <source>Cancelled</source>
        <translation>ملغاة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="61" />
        <source>Show</source>
        <translation>عرض</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="68" />
        <source>Reprint (R)</source>
        <translation>إعادة الطباعة (R)</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="73" />
        <source>Send to this printer</source>
        <translation>أرسل إلى هذه الطابعة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="75" />
        <source>Cancel job</source>
        <translation>إلغاء المهمة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="77" />
        <source>Retry all now (F5)</source>
        <translation>أعد المحاولة للكل الآن (F5)</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="83" />
        <source>Printer:</source>
        <translation>الطابعة:</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="131" />
        <source>{count} jobs</source>
        <translation>{count} مهمة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="156" />
        <source>Select a job in the list first (arrow keys), then choose again.</source>
        <translation>اختر مهمة من القائمة أولًا (بالأسهم) ثم أعد الاختيار.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="167" />
        <source>Reprint of {what} queued.</source>
        <translation>أُضيفت إعادة طباعة {what} إلى القائمة.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="180" />
        <source>{what} sent to {printer}.</source>
        <translation>أُرسل {what} إلى {printer}.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="192" />
        <source>Trying every waiting job again now.</source>
        <translation>جارٍ إعادة محاولة كل المهام المنتظرة الآن.</translation>
    </message>
</context>
<context>
    <name>ScalePanel</name>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="156" />
        <source>Scale</source>
        <translation>الميزان</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="162" />
        <location filename="../../wms/ui/screens/packing.py" line="185" />
        <source>F6  Use this weight</source>
        <translation>F6  استخدم هذا الوزن</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="173" />
        <source>No scale configured for this bench (Settings, F9).</source>
        <translation>لا يوجد ميزان مهيأ لهذه الطاولة (الإعدادات، F9).</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="183" />
        <source>F6  Weigh, close and print
label · packing list · customs</source>
        <translation>F6  وزن وإغلاق وطباعة
الملصق · قائمة التعبئة · الجمارك</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="193" />
        <source>stable</source>
        <translation>مستقر</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="193" />
        <source>settling…</source>
        <translation>يستقر…</translation>
    </message>
</context>
<context>
    <name>ScanScreen</name>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="138" />
        <source>{operator} · station {station}</source>
        <extracomment>context keys that are not for the operator's eyes (or shown elsewhere, like the destination)</extracomment>
        <translation>{operator} · المحطة {station}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="177" />
        <source>Type a quantity and press Enter</source>
        <translation>اكتب الكمية ثم اضغط Enter</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="184" />
        <source>Enter: send · Ctrl+Enter: send as barcode · F2 done · F3 short · F4 new unit · F5 close · F7 reprint · F8 cancel · Esc back · F11 home · F12 log out</source>
        <translation>Enter: إرسال · Ctrl+Enter: كرمز شريطي · F2 تم · F3 نقص · F4 وحدة جديدة · F5 إغلاق · F7 إعادة طباعة · F8 إلغاء · Esc رجوع · F11 الرئيسية · F12 خروج</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="92" />
        <source>Station settings</source>
        <translation>إعدادات المحطة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="108" />
        <source>Station id</source>
        <translation>معرّف المحطة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="109" />
        <source>Warehouse</source>
        <translation>المستودع</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="110" />
        <source>Language</source>
        <translation>اللغة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="112" />
        <source>Workflows at this station</source>
        <translation>عمليات هذه المحطة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="121" />
        <source>Devices</source>
        <translation>الأجهزة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="126" />
        <source>wedge: or /dev/serial/by-id/… or socket://host:port</source>
        <translation>wedge: أو /dev/serial/by-id/… أو socket://host:port</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="127" />
        <source>tcp://printer:9100, file:///folder/, cups://queue</source>
        <translation>tcp://printer:9100 أو file:///folder/ أو cups://queue</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="128" />
        <source>/dev/serial/by-id/… or socket://host:port</source>
        <translation>/dev/serial/by-id/… أو socket://host:port</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="131" />
        <source>Scanner</source>
        <translation>الماسح</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="132" />
        <source>Label printer</source>
        <translation>طابعة الملصقات</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="133" />
        <source>Scale</source>
        <translation>الميزان</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="142" />
        <source>Test</source>
        <translation>اختبار</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="160" />
        <source>Saved in {path}</source>
        <translation>يُحفظ في {path}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="206" />
        <source>Enter the device's address first.</source>
        <translation>أدخل عنوان الجهاز أولًا.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="213" />
        <source>Testing…</source>
        <translation>جارٍ الاختبار…</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="237" />
        <source>Choose at least one workflow for this station.</source>
        <translation>اختر عملية واحدة على الأقل لهذه المحطة.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="248" />
        <source>Could not save {path} ({reason}): check the folder's permissions.</source>
        <translation>تعذّر حفظ {path} ({reason}): تحقق من صلاحيات المجلد.</translation>
    </message>
</context>
<context>
    <name>SupervisorScreen</name>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="39" />
        <source>Every stock line</source>
        <translation>كل سطر مخزون</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="40" />
        <source>By product</source>
        <translation>حسب المنتج</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="41" />
        <source>By location</source>
        <translation>حسب الموقع</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="42" />
        <source>By lot</source>
        <translation>حسب الدفعة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="43" />
        <source>By handling unit</source>
        <translation>حسب وحدة المناولة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="46" />
        <source>Any status</source>
        <translation>كل الحالات</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="47" />
        <source>Available</source>
        <translation>متاح</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="48" />
        <source>Reserved</source>
        <translation>محجوز</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="49" />
        <source>Quarantined</source>
        <translation>في الحجر</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="128" />
        <source>Stock screens · {warehouse}</source>
        <translation>شاشات المخزون · {warehouse}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="132" />
        <source>F11  Back to workflows</source>
        <translation>F11  العودة إلى العمليات</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="143" />
        <source>SKU, location, lot or SSCC (prefix; several words narrow down)</source>
        <translation>رمز صنف أو موقع أو دفعة أو SSCC (بداية النص؛ عدة كلمات تضيّق البحث)</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="146" />
        <source>View</source>
        <translation>العرض</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="148" />
        <source>Status</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="149" />
        <source>Stock</source>
        <translation>المخزون</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="160" />
        <source>Expiring within</source>
        <translation>ينتهي خلال</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="161" />
        <source>{days} days</source>
        <translation>{days} يومًا</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="164" />
        <source>Expiring lots</source>
        <translation>دفعات قاربت الانتهاء</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="167" />
        <source>Occupancy</source>
        <translation>الإشغال</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="170" />
        <source>ASNs, orders, sorting</source>
        <translation>الإشعارات والطلبيات والفرز</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="173" />
        <source>Throughput</source>
        <translation>الإنتاجية</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="176" />
        <source>Adjustments</source>
        <translation>التسويات</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="179" />
        <source>Ledger</source>
        <translation>السجل</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="182" />
        <source>Print queue</source>
        <translation>قائمة الطباعة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="243" />
        <source>Units on hand against capacity. Click a location for its ledger.</source>
        <translation>الوحدات الموجودة مقارنة بالسعة. انقر موقعًا لعرض سجله.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="247" />
        <location filename="../../wms/ui/screens/supervisor.py" line="325" />
        <location filename="../../wms/ui/screens/supervisor.py" line="362" />
        <source>Refresh</source>
        <translation>تحديث</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="266" />
        <source>{used} of {total} locations hold stock</source>
        <translation>{used} من {total} موقعًا بها مخزون</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="291" />
        <source>Open ASNs</source>
        <translation>إشعارات الشحن المفتوحة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="292" />
        <source>Open orders</source>
        <translation>الطلبيات المفتوحة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="293" />
        <source>Sort destinations, fullest first</source>
        <translation>وجهات الفرز، الأكثر امتلاءً أولًا</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="313" />
        <source>per station</source>
        <translation>لكل محطة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="314" />
        <source>per operator</source>
        <translation>لكل مشغّل</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="317" />
        <source>last {hours} hours</source>
        <translation>آخر {hours} ساعة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="321" />
        <source>Movements per hour</source>
        <translation>الحركات في الساعة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="345" />
        <source>{total} movements in the last {hours} hours</source>
        <translation>{total} حركة في آخر {hours} ساعة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="360" />
        <source>Approve (A)</source>
        <translation>اعتماد (A)</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="361" />
        <source>Reject (J)</source>
        <translation>رفض (J)</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="374" />
        <source>Count differences waiting for a supervisor's decision</source>
        <translation>فروق الجرد بانتظار قرار المشرف</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="396" />
        <source>{count} waiting</source>
        <translation>{count} بالانتظار</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="404" />
        <source>Select an adjustment first (arrow keys).</source>
        <translation>اختر تسوية أولًا (بالأسهم).</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="431" />
        <source>Adjustment {id} approved and posted to the ledger.</source>
        <translation>اعتُمدت التسوية {id} وسُجلت في السجل.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="433" />
        <source>Adjustment {id} rejected.</source>
        <translation>رُفضت التسوية {id}.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="456" />
        <source>Product (SKU)</source>
        <translation>المنتج (رمز الصنف)</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="457" />
        <source>Location</source>
        <translation>الموقع</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="460" />
        <source>scan or type, then Enter; empty: every movement</source>
        <translation>امسح أو اكتب ثم Enter؛ فارغ: كل الحركات</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="464" />
        <source>Ledger of</source>
        <translation>سجل</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="512" />
        <source>That did not work; nothing was changed. See the station log.</source>
        <translation>لم ينجح ذلك؛ لم يتغير شيء. راجع سجل المحطة.</translation>
    </message>
</context>
<context>
    <name>TablePanel</name>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="52" />
        <source>Search (scan or type)…</source>
        <translation>بحث (امسح أو اكتب)…</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="64" />
        <source>Export CSV…</source>
        <translation>تصدير CSV…</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="116" />
        <source>Loading…</source>
        <translation>جارٍ التحميل…</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="122" />
        <source>{shown} of {total} rows</source>
        <translation>{shown} من {total} سطرًا</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="126" />
        <source>{shown} rows</source>
        <translation>{shown} سطرًا</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="128" />
        <source>{shown} rows, more as you scroll</source>
        <translation>{shown} سطرًا، والمزيد عند التمرير</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="148" />
        <source>Export to CSV</source>
        <translation>تصدير إلى CSV</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="148" />
        <source>CSV files (*.csv)</source>
        <translation>ملفات CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="155" />
        <source>Exporting…</source>
        <translation>جارٍ التصدير…</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="160" />
        <source>{count} rows exported to {path}</source>
        <translation>صُدّر {count} سطرًا إلى {path}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="167" />
        <source>Could not write {path}: choose another folder.</source>
        <translation>تعذّرت الكتابة في {path}: اختر مجلدًا آخر.</translation>
    </message>
</context>
<context>
    <name>Tables</name>
    <message>
        <location filename="../../wms/ui/models/table.py" line="284" />
        <source>This list could not be loaded; try again, or see the station log.</source>
        <translation>تعذّر تحميل هذه القائمة؛ أعد المحاولة أو راجع سجل المحطة.</translation>
    </message>
</context>
<context>
    <name>ThroughputChart</name>
    <message>
        <location filename="../../wms/ui/widgets/chart.py" line="61" />
        <source>hour</source>
        <translation>الساعة</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/chart.py" line="65" />
        <source>movements</source>
        <translation>الحركات</translation>
    </message>
</context>
<context>
    <name>Workflows</name>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="10" />
        <source>Receiving</source>
        <translation>الاستلام</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="11" />
        <source>Putaway</source>
        <translation>التخزين</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="12" />
        <source>Moves</source>
        <translation>النقل</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="13" />
        <source>Counting</source>
        <translation>الجرد</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="14" />
        <source>Adjustments</source>
        <translation>التسويات</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="15" />
        <source>Transfers</source>
        <translation>التحويلات</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="16" />
        <source>Picking</source>
        <translation>الانتقاء</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="17" />
        <source>Sorting</source>
        <translation>الفرز</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="18" />
        <source>Packing</source>
        <translation>التغليف</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="19" />
        <source>Shipping</source>
        <translation>الشحن</translation>
    </message>
</context>
</TS>