"""Rebuild the station app's translations: ``.venv/bin/python resources/translations/build.py``.

1. ``pyside6-lupdate`` collects every ``tr()`` / ``translate()`` / ``QT_TRANSLATE_NOOP`` string of
   ``wms/ui`` into ``wms_fr.ts``, ``wms_ar.ts`` and ``wms_zh.ts`` (existing translations kept);
2. strings still unfinished are filled from :data:`CATALOGUE` below (source text → fr, ar, zh);
3. ``pyside6-lrelease`` compiles each ``.ts`` to the ``.qm`` the app loads.

A string missing from the catalogue stays unfinished (shown in English) and is listed on exit.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
BIN = Path(sys.executable).parent
LANGUAGES = {"fr": 0, "ar": 1, "zh": 2}


def tool(name: str) -> str:
    """Qt's own ``lupdate`` / ``lrelease`` shipped inside the PySide6 wheel (the
    ``pyside6-*`` wrappers of PySide6 6.11.3 fail to locate them), else the wrapper."""
    import importlib.util

    spec = importlib.util.find_spec("PySide6")
    for folder in spec.submodule_search_locations or [] if spec else []:
        binary = Path(folder) / name
        if binary.exists():
            return str(binary)
    return str(BIN / f"pyside6-{name}")


# source text: (French, Arabic, Chinese)
CATALOGUE: dict[str, tuple[str, str, str]] = {
    "Scan, or type and press Enter": (
        "Scannez, ou saisissez puis Entrée",
        "امسح، أو اكتب ثم اضغط Enter",
        "扫描，或输入后按回车",
    ),
    "Keyed, waiting for a scan": (
        "Saisi, en attente d'un scan",
        "مُدخل، في انتظار مسح",
        "已输入，等待扫描",
    ),
    # context titles of the parcel hub's scan screens
    "Arrived bags": ("Sacs arrivés", "الأكياس الواصلة", "已到袋数"),
    "Bag": ("Sac", "الكيس", "袋"),
    "Expected bags": ("Sacs attendus", "الأكياس المتوقعة", "预期袋数"),
    "MAWB": ("LTA", "بوليصة الشحن الجوي الرئيسية", "主运单"),
    "Missing": ("Manquants", "المفقودة", "缺少"),
    "Parcel": ("Colis", "الطرد", "包裹"),
    "Released": ("Libérés", "المُفرج عنها", "已放行"),
    "Sorted": ("Triés", "المفرزة", "已分拣"),
    "To sort": ("À trier", "للفرز", "待分拣"),
    # packing without a scale, entry discipline, quarantine release (issue 11)
    (
        "No scale at this bench: key the parcel's weight (e.g. 0.9 kg) and press Enter. A scale "
        "added in Settings (F9) is used at once."
    ): (
        "Pas de balance à ce poste : saisissez le poids du colis (par ex. 0,9 kg) puis "
        "Entrée. Une balance ajoutée dans les Réglages (F9) sert aussitôt.",
        "لا يوجد ميزان في هذا المكتب: أدخل وزن الطرد (مثلًا 0.9 kg) ثم اضغط Enter. الميزان "
        "المضاف في الإعدادات (F9) يُستخدم فورًا.",
        "此工位没有秤：请输入包裹重量（例如 0.9 kg）并按回车。在设置（F9）中添加的秤会立即使用。",
    ),
    "Quarantine release": ("Levée de quarantaine", "الإفراج من الحجر", "隔离放行"),
    (
        "Settings saved to {path}: devices are used at once; station, warehouse and workflows "
        "from the next start."
    ): (
        "Réglages enregistrés dans {path} : les appareils servent aussitôt ; poste, entrepôt "
        "et flux au prochain démarrage.",
        "حُفظت الإعدادات في {path}: الأجهزة تُستخدم فورًا؛ المحطة والمستودع وسير العمل من "
        "التشغيل القادم.",
        "设置已保存到 {path}：设备立即生效；工位、仓库和流程在下次启动时生效。",
    ),
    (
        "The scale {name} has sent no weight yet ({status}): check it, or key the parcel's weight "
        "(e.g. 0.9 kg) and press Enter."
    ): (
        "La balance {name} n'a encore envoyé aucun poids ({status}) : vérifiez-la, ou "
        "saisissez le poids du colis (par ex. 0,9 kg) puis Entrée.",
        "لم يرسل الميزان {name} أي وزن بعد ({status}): افحصه، أو أدخل وزن الطرد (مثلًا 0.9 "
        "kg) ثم اضغط Enter.",
        "秤 {name} 尚未发送重量（{status}）：请检查，或输入包裹重量（例如 0.9 kg）并按回车。",
    ),
    "waiting for the scale…": ("en attente de la balance…", "في انتظار الميزان…", "等待秤…"),
    "“{text}” was typed without Enter and is cleared: key it again if it is needed": (
        "« {text} » a été saisi sans Entrée et est effacé : saisissez-le à nouveau si besoin",
        "«{text}» كُتب دون Enter ومُسح: أدخله مجددًا إن لزم",
        "“{text}” 未按回车即被清除：如需要请重新输入",
    ),
    # states in table cells (wms.ui.i18n.STATE_WORDS)
    "available": ("disponible", "متاح", "可用"),
    "reserved": ("réservé", "محجوز", "已预留"),
    "quarantined": ("en quarantaine", "في الحجر", "已隔离"),
    "open": ("ouvert", "مفتوح", "未完成"),
    "backordered": ("en reliquat", "طلب مؤجل", "缺货待补"),
    "allocated": ("alloué", "مخصص", "已分配"),
    "released": ("lancé", "مُطلق", "已下发"),
    "picking": ("en préparation", "قيد الانتقاء", "拣货中"),
    "picked": ("prélevé", "تم انتقاؤه", "已拣"),
    "short": ("manquant", "ناقص", "短拣"),
    "packed": ("emballé", "مغلف", "已包装"),
    "shipped": ("expédié", "مشحون", "已发运"),
    "pending": ("en attente", "قيد الانتظار", "等待中"),
    "done": ("terminé", "تم", "已完成"),
    "expected": ("attendu", "متوقع", "待到"),
    "sorted": ("trié", "مفروز", "已分拣"),
    "held": ("retenu", "محتجز", "已扣留"),
    "exception": ("anomalie", "استثناء", "异常"),
    "handed over": ("remis", "تم التسليم", "已交接"),
    # columns and context
    "Save": ("Enregistrer", "حفظ", "保存"),
    "Cancel": ("Annuler", "إلغاء", "取消"),
    "Check digits": ("Chiffres de contrôle", "أرقام التحقق", "校验位"),
    "Strategy": ("Stratégie", "الاستراتيجية", "策略"),
    "Sequence": ("Ordre", "الترتيب", "顺序"),
    "Plan": ("Plan", "الخطة", "方案"),
    "Rule": ("Règle", "القاعدة", "规则"),
    "Created": ("Créé", "أُنشئ", "创建时间"),
    "State": ("État", "الحالة", "状态"),
    "Document": ("Document", "المستند", "单据"),
    "Reference": ("Référence", "المرجع", "参考号"),
    "Printer": ("Imprimante", "الطابعة", "打印机"),
    "Attempts": ("Essais", "المحاولات", "尝试次数"),
    "Last error": ("Dernière erreur", "آخر خطأ", "最近错误"),
    "No.": ("N°", "رقم", "编号"),
    "Location": ("Emplacement", "الموقع", "库位"),
    "SKU": ("Article", "رمز الصنف", "SKU"),
    "Lot": ("Lot", "الدفعة", "批次"),
    "Book": ("Théorique", "الدفتري", "账面"),
    "Counted": ("Compté", "المعدود", "盘点数"),
    "Difference": ("Écart", "الفرق", "差异"),
    "Reason": ("Motif", "السبب", "原因"),
    "Counted by": ("Compté par", "عدّه", "盘点人"),
    "When": ("Quand", "متى", "时间"),
    "ASN": ("Avis d'expédition", "إشعار الشحن", "到货通知"),
    "Order": ("Commande", "الطلبية", "订单"),
    "Product": ("Produit", "المنتج", "商品"),
    "Expiry": ("Péremption", "تاريخ الانتهاء", "有效期"),
    "Quantity": ("Quantité", "الكمية", "数量"),
    "Handling unit": ("Unité de manutention", "وحدة المناولة", "搬运单元"),
    "SSCC": ("SSCC", "SSCC", "SSCC"),
    "Destination": ("Destination", "الوجهة", "目的地"),
    "Tote": ("Bac", "الصندوق", "周转箱"),
    "Carton": ("Carton", "الكرتونة", "纸箱"),
    "Weight (kg)": ("Poids (kg)", "الوزن (كغ)", "重量 (kg)"),
    "Received": ("Reçu", "المستلم", "已收货"),
    "Expected": ("Attendu", "المتوقع", "预期"),
    "Remaining": ("Restant", "المتبقي", "剩余"),
    "Status": ("Statut", "الحالة", "状态"),
    "Owner": ("Propriétaire", "المالك", "货主"),
    "Every owner": ("Tous les propriétaires", "كل المالكين", "所有货主"),
    "Locations": ("Emplacements", "المواقع", "库位数"),
    "Products": ("Produits", "المنتجات", "商品数"),
    "Time": ("Heure", "الوقت", "时间"),
    "Kind": ("Type", "النوع", "类型"),
    "From": ("De", "من", "从"),
    "To": ("Vers", "إلى", "到"),
    "Operator": ("Opérateur", "المشغّل", "操作员"),
    "Station": ("Poste", "المحطة", "工位"),
    "Movement": ("Mouvement", "الحركة", "移动"),
    "Supplier": ("Fournisseur", "المورّد", "供应商"),
    "Origin": ("Origine", "المنشأ", "原产地"),
    "Lines": ("Lignes", "الأسطر", "行数"),
    "Units expected": ("Unités attendues", "الوحدات المتوقعة", "预期数量"),
    "Units received": ("Unités reçues", "الوحدات المستلمة", "已收数量"),
    "Customer": ("Client", "العميل", "客户"),
    "Country": ("Pays", "البلد", "国家"),
    "Carrier": ("Transporteur", "الناقل", "承运商"),
    "Units": ("Unités", "الوحدات", "数量"),
    "Units picked": ("Unités prélevées", "الوحدات المنتقاة", "已拣数量"),
    "Zone": ("Zone", "المنطقة", "区域"),
    "Handling units": ("Unités de manutention", "وحدات المناولة", "搬运单元数"),
    "Capacity": ("Capacité", "السعة", "容量"),
    "Filled": ("Remplissage", "نسبة الامتلاء", "占用率"),
    # home
    "Hello {name}: choose a workflow": (
        "Bonjour {name} : choisissez une activité",
        "مرحبًا {name}: اختر عملية",
        "{name}，您好：请选择作业",
    ),
    "S   Stock screens": ("S   Écrans de stock", "S   شاشات المخزون", "S   库存屏幕"),
    "P   Print queue": ("P   File d'impression", "P   قائمة الطباعة", "P   打印队列"),
    "F9   Settings": ("F9   Réglages", "F9   الإعدادات", "F9   设置"),
    "F12   Log out": ("F12   Déconnexion", "F12   تسجيل الخروج", "F12   退出登录"),
    # login
    "Warehouse station": ("Poste d'entrepôt", "محطة المستودع", "仓库工位"),
    "Station {station} · warehouse {warehouse}": (
        "Poste {station} · entrepôt {warehouse}",
        "المحطة {station} · المستودع {warehouse}",
        "工位 {station} · 仓库 {warehouse}",
    ),
    "Scan your badge or type its number, then press Enter. F1–F4: language.": (
        "Scannez votre badge ou tapez son numéro, puis Entrée. F1–F4 : langue.",
        "امسح شارتك أو اكتب رقمها ثم اضغط Enter. F1–F4: اللغة.",
        "扫描工牌或输入工牌号，然后按回车。F1–F4：语言。",
    ),
    "Settings (F9)": ("Réglages (F9)", "الإعدادات (F9)", "设置 (F9)"),
    "Scan your badge": ("Scannez votre badge", "امسح شارتك", "请扫描工牌"),
    "badge number": ("numéro de badge", "رقم الشارة", "工牌号"),
    "Badge {badge}: key your PIN": (
        "Badge {badge} : tapez votre code",
        "الشارة {badge}: أدخل رمزك السري",
        "工牌 {badge}：请输入密码",
    ),
    "PIN": ("Code", "الرمز السري", "密码"),
    # main window
    "WMS station {station}": ("Poste WMS {station}", "محطة WMS {station}", "WMS 工位 {station}"),
    "nobody logged in": ("personne n'est connecté", "لا أحد مسجّل الدخول", "无人登录"),
    "device settings have problems: see Settings (F9)": (
        "réglages des appareils à corriger : voir Réglages (F9)",
        "إعدادات الأجهزة بها مشاكل: راجع الإعدادات (F9)",
        "设备设置有问题：请查看设置 (F9)",
    ),
    "sync: off": ("synchro : arrêtée", "المزامنة: متوقفة", "同步：关闭"),
    "sync: by 'wms sync'": (
        "synchro : par « wms sync »",
        "المزامنة: عبر 'wms sync'",
        "同步：由 'wms sync' 执行",
    ),
    "keyboard wedge": ("douchette clavier", "ماسح بلوحة المفاتيح", "键盘模式扫描枪"),
    "print: {waiting} waiting · {failed} failed": (
        "impression : {waiting} en attente · {failed} en échec",
        "الطباعة: {waiting} في الانتظار · {failed} فشلت",
        "打印：{waiting} 等待 · {failed} 失败",
    ),
    "{name} ({role})": ("{name} ({role})", "{name} ({role})", "{name}（{role}）"),
    "Print queue": ("File d'impression", "قائمة الطباعة", "打印队列"),
    "F11  Back to workflows": (
        "F11  Retour aux activités",
        "F11  العودة إلى العمليات",
        "F11  返回作业",
    ),
    "Settings saved to {path}; restart the station app to use them.": (
        "Réglages enregistrés dans {path} ; redémarrez l'application pour les appliquer.",
        "حُفظت الإعدادات في {path}؛ أعد تشغيل التطبيق لاستخدامها.",
        "设置已保存到 {path}；重启工位程序后生效。",
    ),
    # occupancy
    "empty": ("vide", "فارغ", "空"),
    "no capacity set": ("capacité inconnue", "السعة غير محددة", "未设容量"),
    "Aisle {aisle}": ("Allée {aisle}", "الممر {aisle}", "{aisle} 巷道"),
    "No locations": ("Aucun emplacement", "لا توجد مواقع", "没有库位"),
    "{code}: {units} units in {lines} lines, capacity {capacity}": (
        "{code} : {units} unités sur {lines} lignes, capacité {capacity}",
        "{code}: {units} وحدة في {lines} سطر، السعة {capacity}",
        "{code}：{lines} 行共 {units} 件，容量 {capacity}",
    ),
    # print queue
    "Waiting or failed": ("En attente ou en échec", "في الانتظار أو فاشلة", "等待或失败"),
    "All jobs": ("Tous les travaux", "كل المهام", "全部任务"),
    "Printed": ("Imprimés", "مطبوعة", "已打印"),
    "Cancelled": ("Annulés", "ملغاة", "已取消"),
    "Show": ("Afficher", "عرض", "显示"),
    "Send to this printer": (
        "Envoyer à cette imprimante",
        "أرسل إلى هذه الطابعة",
        "发送到此打印机",
    ),
    "Cancel job": ("Annuler le travail", "إلغاء المهمة", "取消任务"),
    "Retry all now (F5)": (
        "Tout réessayer (F5)",
        "أعد المحاولة للكل الآن (F5)",
        "立即全部重试 (F5)",
    ),
    "Printer:": ("Imprimante :", "الطابعة:", "打印机："),
    "{count} jobs": ("{count} travaux", "{count} مهمة", "{count} 个任务"),
    "Select a job in the list first (arrow keys), then choose again.": (
        "Choisissez d'abord un travail dans la liste (flèches), puis recommencez.",
        "اختر مهمة من القائمة أولًا (بالأسهم) ثم أعد الاختيار.",
        "请先在列表中选择一个任务（方向键），然后再试。",
    ),
    "Reprint of {what} queued.": (
        "Réimpression de {what} mise en file.",
        "أُضيفت إعادة طباعة {what} إلى القائمة.",
        "{what} 的重新打印已加入队列。",
    ),
    "{what} sent to {printer}.": (
        "{what} envoyé à {printer}.",
        "أُرسل {what} إلى {printer}.",
        "{what} 已发送到 {printer}。",
    ),
    "Trying every waiting job again now.": (
        "Nouvel essai de tous les travaux en attente.",
        "جارٍ إعادة محاولة كل المهام المنتظرة الآن.",
        "正在重试所有等待中的任务。",
    ),
    # scale
    "Scale": ("Balance", "الميزان", "电子秤"),
    "F6  Use this weight": ("F6  Prendre ce poids", "F6  استخدم هذا الوزن", "F6  使用此重量"),
    "No scale configured for this bench (Settings, F9).": (
        "Aucune balance configurée pour ce poste (Réglages, F9).",
        "لا يوجد ميزان مهيأ لهذه الطاولة (الإعدادات، F9).",
        "此工位未配置电子秤（设置，F9）。",
    ),
    "stable": ("stable", "مستقر", "稳定"),
    "settling…": ("stabilisation…", "يستقر…", "稳定中…"),
    # scan screen
    "{operator} · station {station}": (
        "{operator} · poste {station}",
        "{operator} · المحطة {station}",
        "{operator} · 工位 {station}",
    ),
    "Type a quantity and press Enter": (
        "Tapez une quantité puis Entrée",
        "اكتب الكمية ثم اضغط Enter",
        "输入数量后按回车",
    ),
    "Enter: send · Ctrl+Enter: send as barcode · F2 done · F3 short · F4 new unit · F5 close · "
    "F7 reprint · F8 cancel · Esc back · F11 home · F12 log out": (
        "Entrée : envoyer · Ctrl+Entrée : comme code-barres · F2 terminé · F3 manquant · "
        "F4 nouvelle unité · F5 fermer · F7 réimprimer · F8 annuler · Échap retour · "
        "F11 accueil · F12 déconnexion",
        "Enter: إرسال · Ctrl+Enter: كرمز شريطي · F2 تم · F3 نقص · F4 وحدة جديدة · F5 إغلاق · "
        "F7 إعادة طباعة · F8 إلغاء · Esc رجوع · F11 الرئيسية · F12 خروج",
        "回车：提交 · Ctrl+回车：作为条码 · F2 完成 · F3 短拣 · F4 新单元 · F5 关闭 · "
        "F7 重打 · F8 取消 · Esc 返回 · F11 主页 · F12 退出",
    ),
    # settings
    "Station settings": ("Réglages du poste", "إعدادات المحطة", "工位设置"),
    "Station id": ("Identifiant du poste", "معرّف المحطة", "工位编号"),
    "Warehouse": ("Entrepôt", "المستودع", "仓库"),
    "Language": ("Langue", "اللغة", "语言"),
    "Workflows at this station": ("Activités de ce poste", "عمليات هذه المحطة", "本工位的作业"),
    "Devices": ("Appareils", "الأجهزة", "设备"),
    "wedge: or /dev/serial/by-id/… or socket://host:port": (
        "wedge: ou /dev/serial/by-id/… ou socket://hôte:port",
        "wedge: أو /dev/serial/by-id/… أو socket://host:port",
        "wedge: 或 /dev/serial/by-id/… 或 socket://主机:端口",
    ),
    "tcp://printer:9100, file:///folder/, cups://queue": (
        "tcp://imprimante:9100, file:///dossier/, cups://file",
        "tcp://printer:9100 أو file:///folder/ أو cups://queue",
        "tcp://打印机:9100、file:///目录/、cups://队列",
    ),
    "/dev/serial/by-id/… or socket://host:port": (
        "/dev/serial/by-id/… ou socket://hôte:port",
        "/dev/serial/by-id/… أو socket://host:port",
        "/dev/serial/by-id/… 或 socket://主机:端口",
    ),
    "Scanner": ("Scanner", "الماسح", "扫描枪"),
    "Label printer": ("Imprimante d'étiquettes", "طابعة الملصقات", "标签打印机"),
    "Test": ("Tester", "اختبار", "测试"),
    "Saved in {path}": ("Enregistré dans {path}", "يُحفظ في {path}", "保存在 {path}"),
    "Enter the device's address first.": (
        "Saisissez d'abord l'adresse de l'appareil.",
        "أدخل عنوان الجهاز أولًا.",
        "请先输入设备地址。",
    ),
    "Testing…": ("Test en cours…", "جارٍ الاختبار…", "测试中…"),
    "Choose at least one workflow for this station.": (
        "Choisissez au moins une activité pour ce poste.",
        "اختر عملية واحدة على الأقل لهذه المحطة.",
        "请为本工位至少选择一项作业。",
    ),
    "Could not save {path} ({reason}): check the folder's permissions.": (
        "Impossible d'enregistrer {path} ({reason}) : vérifiez les droits du dossier.",
        "تعذّر حفظ {path} ({reason}): تحقق من صلاحيات المجلد.",
        "无法保存 {path}（{reason}）：请检查文件夹权限。",
    ),
    # supervisor
    "Every stock line": ("Chaque ligne de stock", "كل سطر مخزون", "全部库存行"),
    "By product": ("Par produit", "حسب المنتج", "按商品"),
    "By location": ("Par emplacement", "حسب الموقع", "按库位"),
    "By lot": ("Par lot", "حسب الدفعة", "按批次"),
    "By handling unit": ("Par unité de manutention", "حسب وحدة المناولة", "按搬运单元"),
    "Any status": ("Tous statuts", "كل الحالات", "所有状态"),
    "Available": ("Disponible", "متاح", "可用"),
    "Reserved": ("Réservé", "محجوز", "已预留"),
    "Quarantined": ("En quarantaine", "في الحجر", "隔离"),
    "Stock screens · {warehouse}": (
        "Écrans de stock · {warehouse}",
        "شاشات المخزون · {warehouse}",
        "库存屏幕 · {warehouse}",
    ),
    "SKU, location, lot or SSCC (prefix; several words narrow down)": (
        "Article, emplacement, lot ou SSCC (début ; plusieurs mots affinent)",
        "رمز صنف أو موقع أو دفعة أو SSCC (بداية النص؛ عدة كلمات تضيّق البحث)",
        "SKU、库位、批次或 SSCC（前缀；多个词缩小范围）",
    ),
    "View": ("Vue", "العرض", "视图"),
    "Stock": ("Stock", "المخزون", "库存"),
    "Expiring within": ("Périme dans", "ينتهي خلال", "到期范围"),
    "{days} days": ("{days} jours", "{days} يومًا", "{days} 天"),
    "Expiring lots": ("Lots à péremption", "دفعات قاربت الانتهاء", "临期批次"),
    "Occupancy": ("Occupation", "الإشغال", "库位占用"),
    "ASNs, orders, sorting": (
        "Avis, commandes, tri",
        "الإشعارات والطلبيات والفرز",
        "到货、订单、分拣",
    ),
    "Throughput": ("Cadence", "الإنتاجية", "吞吐量"),
    "Adjustments": ("Ajustements", "التسويات", "库存调整"),
    "Ledger": ("Journal", "السجل", "流水账"),
    "Units on hand against capacity. Click a location for its ledger.": (
        "Unités en stock par rapport à la capacité. Cliquez sur un emplacement pour son journal.",
        "الوحدات الموجودة مقارنة بالسعة. انقر موقعًا لعرض سجله.",
        "在库数量与容量对比。点击库位查看其流水。",
    ),
    "Refresh": ("Actualiser", "تحديث", "刷新"),
    "{used} of {total} locations hold stock": (
        "{used} emplacements sur {total} contiennent du stock",
        "{used} من {total} موقعًا بها مخزون",
        "{total} 个库位中有 {used} 个有库存",
    ),
    "Open ASNs": ("Avis d'expédition ouverts", "إشعارات الشحن المفتوحة", "未完成到货通知"),
    "Open orders": ("Commandes ouvertes", "الطلبيات المفتوحة", "未完成订单"),
    "Sort destinations, fullest first": (
        "Destinations de tri, les plus pleines d'abord",
        "وجهات الفرز، الأكثر امتلاءً أولًا",
        "分拣目的地（最满的在前）",
    ),
    "per station": ("par poste", "لكل محطة", "按工位"),
    "per operator": ("par opérateur", "لكل مشغّل", "按操作员"),
    "last {hours} hours": ("dernières {hours} heures", "آخر {hours} ساعة", "最近 {hours} 小时"),
    "Movements per hour": ("Mouvements par heure", "الحركات في الساعة", "每小时移动数"),
    "{total} movements in the last {hours} hours": (
        "{total} mouvements ces {hours} dernières heures",
        "{total} حركة في آخر {hours} ساعة",
        "最近 {hours} 小时共 {total} 次移动",
    ),
    "Count differences waiting for a supervisor's decision": (
        "Écarts d'inventaire en attente de la décision d'un superviseur",
        "فروق الجرد بانتظار قرار المشرف",
        "等待主管审批的盘点差异",
    ),
    "{count} waiting": ("{count} en attente", "{count} بالانتظار", "{count} 条待处理"),
    "Select an adjustment first (arrow keys).": (
        "Choisissez d'abord un ajustement (flèches).",
        "اختر تسوية أولًا (بالأسهم).",
        "请先选择一条调整（方向键）。",
    ),
    "Adjustment {id} approved and posted to the ledger.": (
        "Ajustement {id} approuvé et passé au journal.",
        "اعتُمدت التسوية {id} وسُجلت في السجل.",
        "调整 {id} 已批准并记入流水账。",
    ),
    "Adjustment {id} rejected.": (
        "Ajustement {id} rejeté.",
        "رُفضت التسوية {id}.",
        "调整 {id} 已驳回。",
    ),
    "Product (SKU)": ("Produit (article)", "المنتج (رمز الصنف)", "商品 (SKU)"),
    "scan or type, then Enter; empty: every movement": (
        "scannez ou tapez, puis Entrée ; vide : tous les mouvements",
        "امسح أو اكتب ثم Enter؛ فارغ: كل الحركات",
        "扫描或输入后回车；留空：全部移动",
    ),
    "Ledger of": ("Journal de", "سجل", "流水账："),
    "That did not work; nothing was changed. See the station log.": (
        "Cela n'a pas marché ; rien n'a été modifié. Voir le journal du poste.",
        "لم ينجح ذلك؛ لم يتغير شيء. راجع سجل المحطة.",
        "操作未成功，未做任何更改。请查看工位日志。",
    ),
    # tables
    "Search (scan or type)…": (
        "Rechercher (scanner ou taper)…",
        "بحث (امسح أو اكتب)…",
        "搜索（扫描或输入）…",
    ),
    "Export CSV…": ("Exporter en CSV…", "تصدير CSV…", "导出 CSV…"),
    "Loading…": ("Chargement…", "جارٍ التحميل…", "加载中…"),
    "{shown} of {total} rows": (
        "{shown} lignes sur {total}",
        "{shown} من {total} سطرًا",
        "{shown} / {total} 行",
    ),
    "{shown} rows": ("{shown} lignes", "{shown} سطرًا", "{shown} 行"),
    "{shown} rows, more as you scroll": (
        "{shown} lignes, la suite en défilant",
        "{shown} سطرًا، والمزيد عند التمرير",
        "{shown} 行，滚动加载更多",
    ),
    "Export to CSV": ("Exporter en CSV", "تصدير إلى CSV", "导出为 CSV"),
    "CSV files (*.csv)": ("Fichiers CSV (*.csv)", "ملفات CSV (*.csv)", "CSV 文件 (*.csv)"),
    "Exporting…": ("Export en cours…", "جارٍ التصدير…", "导出中…"),
    "{count} rows exported to {path}": (
        "{count} lignes exportées dans {path}",
        "صُدّر {count} سطرًا إلى {path}",
        "已导出 {count} 行到 {path}",
    ),
    "Could not write {path}: choose another folder.": (
        "Impossible d'écrire {path} : choisissez un autre dossier.",
        "تعذّرت الكتابة في {path}: اختر مجلدًا آخر.",
        "无法写入 {path}：请选择其他文件夹。",
    ),
    "This list could not be loaded; try again, or see the station log.": (
        "Cette liste n'a pas pu être chargée ; réessayez ou consultez le journal du poste.",
        "تعذّر تحميل هذه القائمة؛ أعد المحاولة أو راجع سجل المحطة.",
        "无法加载此列表；请重试或查看工位日志。",
    ),
    "hour": ("heure", "الساعة", "小时"),
    "movements": ("mouvements", "الحركات", "移动数"),
    # workflows
    "Receiving": ("Réception", "الاستلام", "收货"),
    "Putaway": ("Rangement", "التخزين", "上架"),
    "Moves": ("Transferts internes", "النقل", "移库"),
    "Counting": ("Inventaire", "الجرد", "盘点"),
    "Transfers": ("Transferts entre sites", "التحويلات", "调拨"),
    "Picking": ("Préparation", "الانتقاء", "拣货"),
    "Sorting": ("Tri", "الفرز", "分拣"),
    "Packing": ("Emballage", "التغليف", "包装"),
    "Shipping": ("Expédition", "الشحن", "发运"),
    # sync line, packing bench (added with the outbound screens)
    "sync: not configured": ("synchro : non configurée", "المزامنة: غير مهيأة", "同步：未配置"),
    "sync: …": ("synchro : …", "المزامنة: …", "同步：…"),
    "sync: state unknown": (
        "synchro : état inconnu",
        "المزامنة: الحالة غير معروفة",
        "同步：状态未知",
    ),
    "sync: {n} waiting, last synced {time}": (
        "synchro : {n} en attente, dernière à {time}",
        "المزامنة: {n} في الانتظار، آخر مزامنة {time}",
        "同步：{n} 条待发送，上次同步 {time}",
    ),
    "sync: {n} waiting, not synced yet": (
        "synchro : {n} en attente, jamais synchronisé",
        "المزامنة: {n} في الانتظار، لم تتم بعد",
        "同步：{n} 条待发送，尚未同步",
    ),
    "sync: offline since {time} · {n} waiting": (
        "synchro : hors ligne depuis {time} · {n} en attente",
        "المزامنة: غير متصل منذ {time} · {n} في الانتظار",
        "同步：自 {time} 起离线 · {n} 条待发送",
    ),
    "sync: offline, never synced · {n} waiting": (
        "synchro : hors ligne, jamais synchronisé · {n} en attente",
        "المزامنة: غير متصل، لم تتم أبدًا · {n} في الانتظار",
        "同步：离线，从未同步 · {n} 条待发送",
    ),
    "No central database: set [central] url in wms.toml or $WMS_CENTRAL_URL.": (
        "Pas de base centrale : indiquez [central] url dans wms.toml ou $WMS_CENTRAL_URL.",
        "لا توجد قاعدة مركزية: اضبط [central] url في wms.toml أو $WMS_CENTRAL_URL.",
        "没有中央数据库：请在 wms.toml 中设置 [central] url 或 $WMS_CENTRAL_URL。",
    ),
    "{n} movements are kept on this station.": (
        "{n} mouvements sont conservés sur ce poste.",
        "{n} حركة محفوظة في هذه المحطة.",
        "{n} 条移动记录保存在本工位。",
    ),
    "print: {waiting} waiting": (
        "impression : {waiting} en attente",
        "الطباعة: {waiting} في الانتظار",
        "打印：{waiting} 个等待",
    ),
    "Carton: key S, M or L + Enter": (
        "Carton : tapez S, M ou L + Entrée",
        "الكرتونة: اكتب S أو M أو L ثم Enter",
        "纸箱：输入 S、M 或 L 后按回车",
    ),
    "F6  Weigh, close and print\nlabel · packing list · customs": (
        "F6  Peser, fermer et imprimer\nétiquette · liste de colisage · douane",
        "F6  وزن وإغلاق وطباعة\nالملصق · قائمة التعبئة · الجمارك",
        "F6  称重、封箱并打印\n面单 · 装箱单 · 报关单",
    ),
    "Printed for the last parcel": (
        "Imprimé pour le dernier colis",
        "المطبوع للطرد الأخير",
        "上一个包裹的打印",
    ),
    "no parcel closed yet": ("aucun colis fermé", "لم يُغلق أي طرد بعد", "尚无已封箱包裹"),
    "This station has no print queue.": (
        "Ce poste n'a pas de file d'impression.",
        "لا توجد قائمة طباعة في هذه المحطة.",
        "本工位没有打印队列。",
    ),
    "F7  Print again": ("F7  Réimprimer", "F7  أعد الطباعة", "F7  重新打印"),
    "waiting": ("en attente", "في الانتظار", "等待中"),
    "printing": ("en impression", "قيد الطباعة", "打印中"),
    "printed": ("imprimé", "طُبع", "已打印"),
    "failed": ("échec", "فشل", "失败"),
    "cancelled": ("annulé", "أُلغي", "已取消"),
    # scans never fire shortcuts: chord keys, decisions confirmed, scan to find
    "Press Ctrl and the number, or scan CMD:MODE:<workflow> on the command sheet. F12: log out.": (
        "Appuyez sur Ctrl et le chiffre, ou scannez CMD:MODE:<flux> sur la feuille de commandes. "
        "F12 : déconnexion.",
        "اضغط Ctrl مع الرقم، أو امسح CMD:MODE:<سير العمل> من ورقة الأوامر. F12: تسجيل الخروج.",
        "按 Ctrl 加数字，或扫描命令表上的 CMD:MODE:<流程>。F12：退出登录。",
    ),
    "Ctrl+S   Stock screens": (
        "Ctrl+S   Écrans de stock",
        "Ctrl+S   شاشات المخزون",
        "Ctrl+S   库存屏幕",
    ),
    "Ctrl+P   Print queue": (
        "Ctrl+P   File d'impression",
        "Ctrl+P   قائمة الطباعة",
        "Ctrl+P   打印队列",
    ),
    "Approve ({key})": ("Approuver ({key})", "اعتماد ({key})", "批准 ({key})"),
    "Reject ({key})": ("Rejeter ({key})", "رفض ({key})", "驳回 ({key})"),
    "Reprint (F7)": ("Réimprimer (F7)", "إعادة الطباعة (F7)", "重新打印 (F7)"),
    "Approve adjustment {id}: post {what} (book {book}, counted {counted}). Press {key} again or "
    "Enter to post it; any other key cancels.": (
        "Approuver l'ajustement {id} : passer {what} (stock {book}, compté {counted}). Appuyez à "
        "nouveau sur {key} ou sur Entrée pour le passer ; toute autre touche annule.",
        "اعتماد التسوية {id}: ترحيل {what} (الدفتري {book}، المعدود {counted}). اضغط {key} مرة "
        "أخرى أو Enter للترحيل؛ أي مفتاح آخر يلغي.",
        "批准调整 {id}：过账 {what}（账面 {book}，盘点 {counted}）。再按 {key} 或 Enter 过账；"
        "按其他键取消。",
    ),
    "Reject adjustment {id} ({what}, book {book}, counted {counted}): nothing will be posted. "
    "Press {key} again or Enter to reject it; any other key cancels.": (
        "Rejeter l'ajustement {id} ({what}, stock {book}, compté {counted}) : rien ne sera passé. "
        "Appuyez à nouveau sur {key} ou sur Entrée pour le rejeter ; toute autre touche annule.",
        "رفض التسوية {id} ({what}، الدفتري {book}، المعدود {counted}): لن يُرحَّل شيء. اضغط {key} "
        "مرة أخرى أو Enter للرفض؛ أي مفتاح آخر يلغي.",
        "驳回调整 {id}（{what}，账面 {book}，盘点 {counted}）：不会过账。再按 {key} 或 Enter "
        "驳回；按其他键取消。",
    ),
    "Cancelled: nothing was posted.": (
        "Annulé : rien n'a été passé.",
        "أُلغي: لم يُرحَّل شيء.",
        "已取消：未过账。",
    ),
    "A scan cancelled the decision: nothing was posted.": (
        "Un scan a annulé la décision : rien n'a été passé.",
        "ألغى مسحٌ القرار: لم يُرحَّل شيء.",
        "扫描取消了该决定：未过账。",
    ),
    "{quantity} × {sku} at {location}": (
        "{quantity} × {sku} en {location}",
        "{quantity} × {sku} في {location}",
        "{quantity} × {sku}，位于 {location}",
    ),
    "{what}, lot {lot}": ("{what}, lot {lot}", "{what}، الدفعة {lot}", "{what}，批次 {lot}"),
    "Scan or type: location, GTIN, GS1 label, SSCC, order, ASN, SKU…": (
        "Scannez ou tapez : emplacement, GTIN, étiquette GS1, SSCC, commande, ASN, SKU…",
        "امسح أو اكتب: موقع، GTIN، ملصق GS1، SSCC، طلب، ASN، SKU…",
        "扫描或输入：库位、GTIN、GS1 标签、SSCC、订单、ASN、SKU…",
    ),
    "Searching: {what}": ("Recherche : {what}", "البحث: {what}", "搜索：{what}"),
    "Not a search: {what}": (
        "Pas une recherche : {what}",
        "ليس بحثًا: {what}",
        "不是搜索：{what}",
    ),
    # the parcel hub (issue 14)
    "Hub arrival": ("Arrivée hub", "وصول المركز", "枢纽到货"),
    "Deconsolidation": ("Dégroupage", "فك التجميع", "拆包分拣"),
    "Hold release": ("Mainlevée", "الإفراج عن المحجوز", "扣留放行"),
    "Carrier handover": ("Remise transporteur", "التسليم للناقل", "承运商交接"),
    "Parcel hub": ("Hub colis", "مركز الطرود", "包裹枢纽"),
    "Parcels": ("Colis", "الطرود", "包裹"),
    "Oldest hold (h)": ("Plus ancienne retenue (h)", "أقدم حجز (ساعة)", "最长扣留 (小时)"),
    "Tracking": ("Suivi", "رقم التتبع", "追踪号"),
    "Hours left": ("Heures restantes", "الساعات المتبقية", "剩余小时"),
    "Customs": ("Douane", "الجمارك", "海关"),
    "Dwell (h)": ("Séjour (h)", "مدة البقاء (ساعة)", "停留 (小时)"),
    "Held in the customs cage": (
        "Retenus dans la cage douane",
        "محجوزة في قفص الجمارك",
        "海关扣留区",
    ),
    "At risk: promise within {hours} h": (
        "À risque : promesse dans {hours} h",
        "معرضة للتأخر: الموعد خلال {hours} ساعة",
        "有风险：{hours} 小时内到期",
    ),
    "held in the cage: {held} · at risk: {risky}": (
        "retenus en cage : {held} · à risque : {risky}",
        "المحجوزة: {held} · المعرضة للتأخر: {risky}",
        "扣留：{held} · 有风险：{risky}",
    ),
    "Parcels at risk by hours left": (
        "Colis à risque par heures restantes",
        "الطرود المعرضة للتأخر حسب الساعات المتبقية",
        "按剩余小时的风险包裹",
    ),
    "overdue": ("en retard", "متأخرة", "已逾期"),
    "Hour": ("Heure", "الساعة", "小时"),
    "Parcels sorted per hour, station and operator": (
        "Colis triés par heure, poste et opérateur",
        "الطرود المفرزة لكل ساعة ومحطة ومشغل",
        "每小时各工位和操作员分拣的包裹",
    ),
    # last-mile bags and the 72-hour clock on the hub's scan screens (issue 14, items 7 and 8)
    "72-hour clock": ("Horloge des 72 heures", "ساعة الـ72 ساعة", "72 小时时钟"),
    "72-hour clock: promise within {hours} h": (
        "Horloge des 72 heures : promesse dans {hours} h",
        "ساعة الـ72 ساعة: الموعد خلال {hours} ساعة",
        "72 小时时钟：{hours} 小时内到期",
    ),
    "{count} parcels at risk": (
        "{count} colis à risque",
        "{count} طرود معرضة للتأخر",
        "{count} 个包裹有风险",
    ),
    "not yet scanned": ("pas encore scanné", "لم يُمسح بعد", "尚未扫描"),
    "{total} parcels sorted in the last 24 hours, per station and operator": (
        "{total} colis triés ces 24 dernières heures, par poste et opérateur",
        "{total} طرود مفرزة في آخر 24 ساعة، لكل محطة ومشغل",
        "过去 24 小时分拣 {total} 个包裹，按工位和操作员",
    ),
    "parcels": ("colis", "طرود", "包裹"),
    "Last-mile bag": ("Sac dernier kilomètre", "كيس الميل الأخير", "末端配送袋"),
    "Bags": ("Sacs", "الأكياس", "袋数"),
    "Scanned": ("Scanné", "الممسوح", "已扫描"),
    # returns
    "Returns": ("Retours", "المرتجعات", "退货"),
    "Return": ("Retour", "المرتجع", "退货单"),
    "Merchant": ("Marchand", "التاجر", "商家"),
    "Grade": ("Classement", "التصنيف", "等级"),
    "Shipped": ("Expédié", "المشحون", "已发货"),
    "Returned": ("Retourné", "المرتجَع", "已退回"),
    "Left": ("Reste", "المتبقي", "剩余"),
    "Graded": ("Classé", "المصنَّف", "已分级"),
    # roles in the status bar
    "operator": ("opérateur", "مشغّل", "操作员"),
    "supervisor": ("superviseur", "مشرف", "主管"),
    "admin": ("administrateur", "مسؤول", "管理员"),
    # the work at hand (column titles)
    "Line": ("Ligne", "السطر", "行号"),
    "Verified": ("Vérifiés", "تم التحقق", "已核对"),
    "Pick list": ("Liste de prélèvement", "قائمة الانتقاء", "拣货单"),
    "Mode": ("Mode", "النمط", "模式"),
    "Stops": ("Arrêts", "المحطات", "拣货点数"),
    "Orders": ("Commandes", "الطلبات", "订单数"),
    "Stop": ("Arrêt", "المحطة", "拣货点"),
    "Picked": ("Prélevés", "المنتقى", "已拣"),
    # settings for supervisors
    "Settings need a supervisor or admin: log in with such a badge, then press F9": (
        "Les réglages demandent un superviseur ou un administrateur : connectez-vous avec un tel"
        " badge, puis appuyez sur F9",
        "الإعدادات تتطلب مشرفًا أو مسؤولًا: سجّل الدخول بشارة كهذه ثم اضغط F9",
        "设置需要主管或管理员：请用此类工牌登录，然后按 F9",
    ),
    "Settings need a supervisor or admin; {name} is logged in as {role}": (
        "Les réglages demandent un superviseur ou un administrateur ; {name} est connecté en"
        " tant que {role}",
        "الإعدادات تتطلب مشرفًا أو مسؤولًا؛ و {name} مسجّل الدخول بصفة {role}",
        "设置需要主管或管理员；{name} 当前以{role}身份登录",
    ),
    "This station: {station} · warehouse {warehouse}": (
        "Ce poste : {station} · entrepôt {warehouse}",
        "هذه المحطة: {station} · المستودع {warehouse}",
        "本工位：{station} · 仓库 {warehouse}",
    ),
    "Unit": ("Unité", "الوحدة", "单元"),
    "Dock": ("Quai", "الرصيف", "月台"),
    "Received here": ("Reçus ici", "المستلم هنا", "本处已收"),
    "Bench": ("Poste", "المنضدة", "工作台"),
    "Total": ("Total", "المجموع", "合计"),
    "Suggested carton": ("Carton proposé", "الكرتونة المقترحة", "建议纸箱"),
}


def sources() -> list[str]:
    return sorted(str(p) for p in (ROOT / "wms" / "ui").rglob("*.py"))


def fill(ts: Path, column: int) -> list[str]:
    tree = ET.parse(ts)
    missing = []
    for message in tree.getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None:
            translation = ET.SubElement(message, "translation")
        if translation.get("type") == "obsolete" or translation.get("type") == "vanished":
            continue
        if translation.text and translation.get("type") != "unfinished":
            continue
        found = CATALOGUE.get(source)
        if found is None:
            missing.append(source)
            continue
        translation.text = found[column]
        translation.attrib.pop("type", None)
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return missing


def main() -> int:
    missing: set[str] = set()
    for code, column in LANGUAGES.items():
        ts = HERE / f"wms_{code}.ts"
        subprocess.run(
            [tool("lupdate"), *sources(), "-no-obsolete", "-target-language", code,
             "-ts", str(ts)],
            check=True, capture_output=True,
        )  # fmt: skip
        missing |= set(fill(ts, column))
        subprocess.run(
            [tool("lrelease"), str(ts), "-qm", str(HERE / f"wms_{code}.qm")],
            check=True, capture_output=True,
        )  # fmt: skip
        print(f"{ts.name} -> wms_{code}.qm")
    for source in sorted(missing):
        print(f"untranslated: {source!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
