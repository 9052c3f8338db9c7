<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="fr">
<context>
    <name />
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="511" />
        <source>“{text}” was typed without Enter and is cleared: key it again if it is needed</source>
        <translation>« {text} » a été saisi sans Entrée et est effacé : saisissez-le à nouveau si besoin</translation>
    </message>
</context>
<context>
    <name>AtRiskStrip</name>
    <message>
        <location filename="../../wms/ui/widgets/at_risk.py" line="49" />
        <source>72-hour clock</source>
        <extracomment>modes whose scan screen shows the strip how often the strip refreshes without a scan (ms) ``load(done, failed)``: read the numbers (in the background), then call one of them</extracomment>
        <translation>Horloge des 72 heures</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/at_risk.py" line="80" />
        <source>72-hour clock: promise within {hours} h</source>
        <translation>Horloge des 72 heures : promesse dans {hours} h</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/at_risk.py" line="82" />
        <source>{count} parcels at risk</source>
        <translation>{count} colis à risque</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/at_risk.py" line="92" />
        <source>not yet scanned</source>
        <translation>pas encore scanné</translation>
    </message>
</context>
<context>
    <name>CartonPanel</name>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="62" />
        <source>Carton: key S, M or L + Enter</source>
        <translation>Carton : tapez S, M ou L + Entrée</translation>
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
        <translation>Emplacement</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="43" />
        <location filename="../../wms/ui/screens/supervisor.py" line="85" />
        <source>SKU</source>
        <translation>Article</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="44" />
        <source>Product</source>
        <translation>Produit</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="45" />
        <location filename="../../wms/ui/screens/supervisor.py" line="86" />
        <source>Lot</source>
        <translation>Lot</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="46" />
        <source>Expiry</source>
        <translation>Péremption</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="47" />
        <source>Handling unit</source>
        <translation>Unité de manutention</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="48" />
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="49" />
        <source>Quantity</source>
        <translation>Quantité</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="50" />
        <source>Locations</source>
        <translation>Emplacements</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="51" />
        <source>Products</source>
        <translation>Produits</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="52" />
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="53" />
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="54" />
        <source>From</source>
        <translation>De</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="55" />
        <source>To</source>
        <translation>Vers</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="56" />
        <location filename="../../wms/ui/screens/print_queue.py" line="25" />
        <source>Reference</source>
        <translation>Référence</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="57" />
        <location filename="../../wms/ui/screens/hub_panel.py" line="46" />
        <source>Operator</source>
        <translation>Opérateur</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="58" />
        <location filename="../../wms/ui/screens/hub_panel.py" line="45" />
        <source>Station</source>
        <translation>Poste</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="59" />
        <source>Movement</source>
        <translation>Mouvement</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="60" />
        <source>ASN</source>
        <translation>Avis d'expédition</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="61" />
        <source>Supplier</source>
        <translation>Fournisseur</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="62" />
        <source>Origin</source>
        <translation>Origine</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="63" />
        <source>Expected</source>
        <translation>Attendu</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="64" />
        <source>Lines</source>
        <translation>Lignes</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="65" />
        <source>Units expected</source>
        <translation>Unités attendues</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="66" />
        <source>Units received</source>
        <translation>Unités reçues</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="67" />
        <source>Order</source>
        <translation>Commande</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="68" />
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="69" />
        <location filename="../../wms/ui/screens/hub_panel.py" line="40" />
        <source>Country</source>
        <translation>Pays</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="70" />
        <location filename="../../wms/ui/screens/hub_panel.py" line="39" />
        <source>Carrier</source>
        <translation>Transporteur</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="71" />
        <source>Units</source>
        <translation>Unités</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="72" />
        <source>Units picked</source>
        <translation>Unités prélevées</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="73" />
        <source>Destination</source>
        <translation>Destination</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="74" />
        <source>Zone</source>
        <translation>Zone</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="75" />
        <source>Handling units</source>
        <translation>Unités de manutention</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="76" />
        <source>Capacity</source>
        <translation>Capacité</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="77" />
        <source>Filled</source>
        <translation>Remplissage</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="22" />
        <source>Created</source>
        <translation>Créé</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="30" />
        <location filename="../../wms/ui/screens/hub_panel.py" line="47" />
        <source>Parcels</source>
        <translation>Colis</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="31" />
        <source>Oldest hold (h)</source>
        <translation>Plus ancienne retenue (h)</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="34" />
        <source>Tracking</source>
        <translation>Suivi</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="35" />
        <source>Hours left</source>
        <translation>Heures restantes</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="36" />
        <location filename="../../wms/ui/screens/print_queue.py" line="23" />
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="38" />
        <source>Customs</source>
        <translation>Douane</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="41" />
        <source>Dwell (h)</source>
        <translation>Séjour (h)</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="44" />
        <source>Hour</source>
        <translation>Heure</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="24" />
        <source>Document</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="26" />
        <source>Printer</source>
        <translation>Imprimante</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="27" />
        <source>Attempts</source>
        <translation>Essais</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="28" />
        <source>Last error</source>
        <translation>Dernière erreur</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="83" />
        <source>No.</source>
        <translation>N°</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="87" />
        <source>Book</source>
        <translation>Théorique</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="88" />
        <source>Counted</source>
        <translation>Compté</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="89" />
        <source>Difference</source>
        <translation>Écart</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="29" />
        <location filename="../../wms/ui/screens/supervisor.py" line="90" />
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="91" />
        <source>Counted by</source>
        <translation>Compté par</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="92" />
        <source>When</source>
        <translation>Quand</translation>
    </message>
</context>
<context>
    <name>Context</name>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="56" />
        <source>ASN</source>
        <extracomment>key -&gt; command barcode it stands for</extracomment>
        <translation>Avis d'expédition</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="57" />
        <source>Order</source>
        <translation>Commande</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="58" />
        <source>SKU</source>
        <translation>Article</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="59" />
        <source>Product</source>
        <translation>Produit</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="60" />
        <source>Lot</source>
        <translation>Lot</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="61" />
        <source>Expiry</source>
        <translation>Péremption</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="62" />
        <source>Quantity</source>
        <translation>Quantité</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="63" />
        <source>Location</source>
        <translation>Emplacement</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="64" />
        <source>Handling unit</source>
        <translation>Unité de manutention</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="65" />
        <source>SSCC</source>
        <translation>SSCC</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="66" />
        <source>Destination</source>
        <translation>Destination</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="67" />
        <source>Tote</source>
        <translation>Bac</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="68" />
        <source>Carton</source>
        <translation>Carton</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="69" />
        <source>Weight (kg)</source>
        <translation>Poids (kg)</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="70" />
        <source>Received</source>
        <translation>Reçu</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="71" />
        <source>Expected</source>
        <translation>Attendu</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="72" />
        <source>Remaining</source>
        <translation>Restant</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="73" />
        <source>Line</source>
        <translation>Ligne</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="74" />
        <source>Reference</source>
        <translation>Référence</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="75" />
        <source>Unit</source>
        <translation>Unité</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="76" />
        <source>Dock</source>
        <translation>Quai</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="77" />
        <source>Received here</source>
        <translation>Reçus ici</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="78" />
        <source>Bench</source>
        <translation>Poste</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="79" />
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="80" />
        <source>Suggested carton</source>
        <translation>Carton proposé</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="81" />
        <source>Verified</source>
        <translation>Vérifiés</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="82" />
        <source>Pick list</source>
        <translation>Liste de prélèvement</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="83" />
        <source>Mode</source>
        <translation>Mode</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="84" />
        <source>Zone</source>
        <translation>Zone</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="85" />
        <source>Stops</source>
        <translation>Arrêts</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="86" />
        <source>Units</source>
        <translation>Unités</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="87" />
        <source>Orders</source>
        <translation>Commandes</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="88" />
        <source>Stop</source>
        <translation>Arrêt</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="89" />
        <source>Picked</source>
        <translation>Prélevés</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="90" />
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="91" />
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="92" />
        <source>Keyed, waiting for a scan</source>
        <translation>Saisi, en attente d'un scan</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="97" />
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="99" />
        <source>To sort</source>
        <translation>À trier</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="100" />
        <source>Expected bags</source>
        <translation>Sacs attendus</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="101" />
        <source>Arrived bags</source>
        <translation>Sacs arrivés</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="102" />
        <source>Missing</source>
        <translation>Manquants</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="103" />
        <source>Parcels</source>
        <translation>Colis</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="104" />
        <source>Carrier</source>
        <translation>Transporteur</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="105" />
        <source>Released</source>
        <translation>Libérés</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="106" />
        <source>Quarantined</source>
        <translation>En quarantaine</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="107" />
        <source>From</source>
        <translation>De</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="108" />
        <source>Check digits</source>
        <translation>Chiffres de contrôle</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="109" />
        <source>Strategy</source>
        <translation>Stratégie</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="110" />
        <source>Counted</source>
        <translation>Compté</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="111" />
        <source>Sequence</source>
        <translation>Ordre</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="112" />
        <source>Plan</source>
        <translation>Plan</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="114" />
        <source>Last-mile bag</source>
        <translation>Sac dernier kilomètre</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="115" />
        <source>Bags</source>
        <translation>Sacs</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="116" />
        <source>Scanned</source>
        <translation>Scanné</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="118" />
        <source>Return</source>
        <translation>Retour</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="119" />
        <source>Owner</source>
        <translation>Propriétaire</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="120" />
        <source>Merchant</source>
        <translation>Marchand</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="121" />
        <source>Grade</source>
        <translation>Classement</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="122" />
        <source>Shipped</source>
        <translation>Expédié</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="123" />
        <source>Returned</source>
        <translation>Retourné</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="124" />
        <source>Left</source>
        <translation>Reste</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="125" />
        <source>Graded</source>
        <translation>Classé</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="96" />
        <source>Parcel</source>
        <translation>Colis</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="113" />
        <source>Rule</source>
        <translation>Règle</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="98" />
        <source>Sorted</source>
        <translation>Triés</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="95" />
        <source>Bag</source>
        <translation>Sac</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="94" />
        <source>MAWB</source>
        <translation>LTA</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="90" />
        <source>Hello {name}: choose a workflow</source>
        <translation>Bonjour {name} : choisissez une activité</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="94" />
        <source>Press Ctrl and the number, or scan CMD:MODE:&lt;workflow&gt; on the command sheet. F12: log out.</source>
        <translation>Appuyez sur Ctrl et le chiffre, ou scannez CMD:MODE:&lt;flux&gt; sur la feuille de commandes. F12 : déconnexion.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="115" />
        <source>Ctrl+S   Stock screens</source>
        <translation>Ctrl+S   Écrans de stock</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="121" />
        <source>Ctrl+P   Print queue</source>
        <translation>Ctrl+P   File d'impression</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="125" />
        <source>F9   Settings</source>
        <translation>F9   Réglages</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="128" />
        <source>F12   Log out</source>
        <translation>F12   Déconnexion</translation>
    </message>
</context>
<context>
    <name>HubPanel</name>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="52" />
        <location filename="../../wms/ui/screens/hub_panel.py" line="198" />
        <source>overdue</source>
        <extracomment>hours-left buckets of the chart: (upper bound, label) the chart's first label, translated (the others are numbers)</extracomment>
        <translation>en retard</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="99" />
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="106" />
        <source>Held in the customs cage</source>
        <translation>Retenus dans la cage douane</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="112" />
        <source>At risk: promise within {hours} h</source>
        <translation>À risque : promesse dans {hours} h</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="115" />
        <source>Parcels sorted per hour, station and operator</source>
        <translation>Colis triés par heure, poste et opérateur</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="168" />
        <source>held in the cage: {held} · at risk: {risky}</source>
        <translation>retenus en cage : {held} · à risque : {risky}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="177" />
        <source>{total} parcels sorted in the last 24 hours, per station and operator</source>
        <translation>{total} colis triés ces 24 dernières heures, par poste et opérateur</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="180" />
        <source>parcels</source>
        <translation>colis</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="189" />
        <source>Parcels</source>
        <translation>Colis</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="205" />
        <source>Parcels at risk by hours left</source>
        <translation>Colis à risque par heures restantes</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <location filename="../../wms/ui/screens/login.py" line="139" />
        <source>Warehouse station</source>
        <translation>Poste d'entrepôt</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/login.py" line="141" />
        <source>Station {station} · warehouse {warehouse}</source>
        <translation>Poste {station} · entrepôt {warehouse}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/login.py" line="146" />
        <source>Scan your badge or type its number, then press Enter. F1–F4: language.</source>
        <translation>Scannez votre badge ou tapez son numéro, puis Entrée. F1–F4 : langue.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/login.py" line="148" />
        <source>Settings (F9)</source>
        <translation>Réglages (F9)</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/login.py" line="156" />
        <source>Scan your badge</source>
        <translation>Scannez votre badge</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/login.py" line="157" />
        <source>badge number</source>
        <translation>numéro de badge</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/login.py" line="159" />
        <source>Badge {badge}: key your PIN</source>
        <translation>Badge {badge} : tapez votre code</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/login.py" line="160" />
        <source>PIN</source>
        <translation>Code</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../wms/ui/main_window.py" line="78" />
        <location filename="../../wms/ui/main_window.py" line="600" />
        <source>WMS station {station}</source>
        <translation>Poste WMS {station}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/main_window.py" line="170" />
        <location filename="../../wms/ui/main_window.py" line="335" />
        <location filename="../../wms/ui/main_window.py" line="602" />
        <source>nobody logged in</source>
        <translation>personne n'est connecté</translation>
    </message>
    <message>
        <location filename="../../wms/ui/main_window.py" line="183" />
        <source>device settings have problems: see Settings (F9)</source>
        <translation>réglages des appareils à corriger : voir Réglages (F9)</translation>
    </message>
    <message>
        <location filename="../../wms/ui/main_window.py" line="224" />
        <source>keyboard wedge</source>
        <translation>douchette clavier</translation>
    </message>
    <message>
        <location filename="../../wms/ui/main_window.py" line="259" />
        <source>print: {waiting} waiting · {failed} failed</source>
        <translation>impression : {waiting} en attente · {failed} en échec</translation>
    </message>
    <message>
        <location filename="../../wms/ui/main_window.py" line="263" />
        <source>print: {waiting} waiting</source>
        <translation>impression : {waiting} en attente</translation>
    </message>
    <message>
        <location filename="../../wms/ui/main_window.py" line="344" />
        <source>{name} ({role})</source>
        <translation>{name} ({role})</translation>
    </message>
    <message>
        <location filename="../../wms/ui/main_window.py" line="478" />
        <source>Print queue</source>
        <translation>File d'impression</translation>
    </message>
    <message>
        <location filename="../../wms/ui/main_window.py" line="479" />
        <source>F11  Back to workflows</source>
        <translation>F11  Retour aux activités</translation>
    </message>
    <message>
        <location filename="../../wms/ui/main_window.py" line="494" />
        <source>Settings need a supervisor or admin: log in with such a badge, then press F9</source>
        <translation>Les réglages demandent un superviseur ou un administrateur : connectez-vous avec un tel badge, puis appuyez sur F9</translation>
    </message>
    <message>
        <location filename="../../wms/ui/main_window.py" line="498" />
        <source>Settings need a supervisor or admin; {name} is logged in as {role}</source>
        <translation>Les réglages demandent un superviseur ou un administrateur ; {name} est connecté en tant que {role}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/main_window.py" line="530" />
        <source>Settings saved to {path}: devices are used at once; station, warehouse and workflows from the next start.</source>
        <translation>Réglages enregistrés dans {path} : les appareils servent aussitôt ; poste, entrepôt et flux au prochain démarrage.</translation>
    </message>
</context>
<context>
    <name>OccupancyMap</name>
    <message>
        <location filename="../../wms/ui/widgets/occupancy.py" line="21" />
        <source>empty</source>
        <translation>vide</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/occupancy.py" line="25" />
        <source>no capacity set</source>
        <translation>capacité inconnue</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/occupancy.py" line="84" />
        <source>Aisle {aisle}</source>
        <translation>Allée {aisle}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/occupancy.py" line="156" />
        <source>No locations</source>
        <translation>Aucun emplacement</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/occupancy.py" line="191" />
        <source>{code}: {units} units in {lines} lines, capacity {capacity}</source>
        <translation>{code} : {units} unités sur {lines} lignes, capacité {capacity}</translation>
    </message>
</context>
<context>
    <name>ParcelPrintPanel</name>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="209" />
        <source>waiting</source>
        <translation>en attente</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="210" />
        <source>printing</source>
        <translation>en impression</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="211" />
        <source>printed</source>
        <translation>imprimé</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="212" />
        <source>failed</source>
        <translation>échec</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="213" />
        <source>cancelled</source>
        <translation>annulé</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="228" />
        <source>Printed for the last parcel</source>
        <translation>Imprimé pour le dernier colis</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="229" />
        <source>no parcel closed yet</source>
        <translation>aucun colis fermé</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="234" />
        <source>F7  Print again</source>
        <translation>F7  Réimprimer</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="254" />
        <source>This station has no print queue.</source>
        <translation>Ce poste n'a pas de file d'impression.</translation>
    </message>
</context>
<context>
    <name>PrintQueuePanel</name>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="33" />
        <source>Waiting or failed</source>
        <translation>En attente ou en échec</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="36" />
        <source>All jobs</source>
        <translation>Tous les travaux</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="37" />
        <source>Printed</source>
        <translation>Imprimés</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="38" />
        <source>Cancelled</source>
        <translation>Annulés</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="65" />
        <source>Show</source>
        <translation>Afficher</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="72" />
        <source>Reprint (F7)</source>
        <translation>Réimprimer (F7)</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="77" />
        <source>Send to this printer</source>
        <translation>Envoyer à cette imprimante</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="79" />
        <source>Cancel job</source>
        <translation>Annuler le travail</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="81" />
        <source>Retry all now (F5)</source>
        <translation>Tout réessayer (F5)</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="87" />
        <source>Printer:</source>
        <translation>Imprimante :</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="135" />
        <source>{count} jobs</source>
        <translation>{count} travaux</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="160" />
        <source>Select a job in the list first (arrow keys), then choose again.</source>
        <translation>Choisissez d'abord un travail dans la liste (flèches), puis recommencez.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="171" />
        <source>Reprint of {what} queued.</source>
        <translation>Réimpression de {what} mise en file.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="184" />
        <source>{what} sent to {printer}.</source>
        <translation>{what} envoyé à {printer}.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="196" />
        <source>Trying every waiting job again now.</source>
        <translation>Nouvel essai de tous les travaux en attente.</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <location filename="../../wms/ui/i18n.py" line="91" />
        <source>operator</source>
        <extracomment>code -&gt; the language's own name (shown on the login screen) operator roles as the status bar shows them</extracomment>
        <translation>opérateur</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="92" />
        <source>supervisor</source>
        <translation>superviseur</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="93" />
        <source>admin</source>
        <translation>administrateur</translation>
    </message>
</context>
<context>
    <name>ScalePanel</name>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="125" />
        <source>Scale</source>
        <translation>Balance</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="131" />
        <location filename="../../wms/ui/screens/packing.py" line="173" />
        <source>F6  Use this weight</source>
        <translation>F6  Prendre ce poids</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="155" />
        <source>waiting for the scale…</source>
        <translation>en attente de la balance…</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="164" />
        <source>No scale at this bench: key the parcel's weight (e.g. 0.9 kg) and press Enter. A scale added in Settings (F9) is used at once.</source>
        <translation>Pas de balance à ce poste : saisissez le poids du colis (par ex. 0,9 kg) puis Entrée. Une balance ajoutée dans les Réglages (F9) sert aussitôt.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="171" />
        <source>F6  Weigh, close and print
label · packing list · customs</source>
        <translation>F6  Peser, fermer et imprimer
étiquette · liste de colisage · douane</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="181" />
        <source>stable</source>
        <translation>stable</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="181" />
        <source>settling…</source>
        <translation>stabilisation…</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="202" />
        <source>The scale {name} has sent no weight yet ({status}): check it, or key the parcel's weight (e.g. 0.9 kg) and press Enter.</source>
        <translation>La balance {name} n'a encore envoyé aucun poids ({status}) : vérifiez-la, ou saisissez le poids du colis (par ex. 0,9 kg) puis Entrée.</translation>
    </message>
</context>
<context>
    <name>ScanScreen</name>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="202" />
        <source>{operator} · station {station}</source>
        <extracomment>context keys that are not for the operator's eyes (or shown elsewhere, like the destination)</extracomment>
        <translation>{operator} · poste {station}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="261" />
        <source>Scan, or type and press Enter</source>
        <translation>Scannez, ou saisissez puis Entrée</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="268" />
        <source>Enter: send · Ctrl+Enter: send as barcode · F2 done · F3 short · F4 new unit · F5 close · F7 reprint · F8 cancel · Esc back · F11 home · F12 log out</source>
        <translation>Entrée : envoyer · Ctrl+Entrée : comme code-barres · F2 terminé · F3 manquant · F4 nouvelle unité · F5 fermer · F7 réimprimer · F8 annuler · Échap retour · F11 accueil · F12 déconnexion</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="119" />
        <source>Station settings</source>
        <translation>Réglages du poste</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="128" />
        <source>This station: {station} · warehouse {warehouse}</source>
        <translation>Ce poste : {station} · entrepôt {warehouse}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="142" />
        <source>Station id</source>
        <translation>Identifiant du poste</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="143" />
        <source>Warehouse</source>
        <translation>Entrepôt</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="144" />
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="146" />
        <source>Workflows at this station</source>
        <translation>Activités de ce poste</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="155" />
        <source>Devices</source>
        <translation>Appareils</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="160" />
        <source>wedge: or /dev/serial/by-id/… or socket://host:port</source>
        <translation>wedge: ou /dev/serial/by-id/… ou socket://hôte:port</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="161" />
        <source>tcp://printer:9100, file:///folder/, cups://queue</source>
        <translation>tcp://imprimante:9100, file:///dossier/, cups://file</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="162" />
        <source>/dev/serial/by-id/… or socket://host:port</source>
        <translation>/dev/serial/by-id/… ou socket://hôte:port</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="165" />
        <source>Scanner</source>
        <translation>Scanner</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="166" />
        <source>Label printer</source>
        <translation>Imprimante d'étiquettes</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="167" />
        <source>Scale</source>
        <translation>Balance</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="176" />
        <source>Test</source>
        <translation>Tester</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="194" />
        <source>Saved in {path}</source>
        <translation>Enregistré dans {path}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="200" />
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="201" />
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="246" />
        <source>Enter the device's address first.</source>
        <translation>Saisissez d'abord l'adresse de l'appareil.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="253" />
        <source>Testing…</source>
        <translation>Test en cours…</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="276" />
        <source>Choose at least one workflow for this station.</source>
        <translation>Choisissez au moins une activité pour ce poste.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="289" />
        <source>Could not save {path} ({reason}): check the folder's permissions.</source>
        <translation>Impossible d'enregistrer {path} ({reason}) : vérifiez les droits du dossier.</translation>
    </message>
</context>
<context>
    <name>States</name>
    <message>
        <location filename="../../wms/ui/i18n.py" line="100" />
        <source>available</source>
        <extracomment>the states and statuses shown in table cells (stock, pick tasks, orders, print jobs, hub parcels): a cell of a ``state`` / ``status`` column is shown in the station's language</extracomment>
        <translation>disponible</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="101" />
        <source>reserved</source>
        <translation>réservé</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="102" />
        <source>quarantined</source>
        <translation>en quarantaine</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="103" />
        <source>open</source>
        <translation>ouvert</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="104" />
        <source>backordered</source>
        <translation>en reliquat</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="105" />
        <source>allocated</source>
        <translation>alloué</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="106" />
        <source>released</source>
        <translation>lancé</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="107" />
        <source>picking</source>
        <translation>en préparation</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="108" />
        <source>picked</source>
        <translation>prélevé</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="109" />
        <source>short</source>
        <translation>manquant</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="110" />
        <source>packed</source>
        <translation>emballé</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="111" />
        <source>shipped</source>
        <translation>expédié</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="112" />
        <source>cancelled</source>
        <translation>annulé</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="113" />
        <source>pending</source>
        <translation>en attente</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="114" />
        <source>printing</source>
        <translation>en impression</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="115" />
        <source>done</source>
        <translation>terminé</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="116" />
        <source>failed</source>
        <translation>échec</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="117" />
        <source>expected</source>
        <translation>attendu</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="118" />
        <source>sorted</source>
        <translation>trié</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="119" />
        <source>held</source>
        <translation>retenu</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="120" />
        <source>exception</source>
        <translation>anomalie</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="121" />
        <source>handed over</source>
        <translation>remis</translation>
    </message>
</context>
<context>
    <name>SupervisorScreen</name>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="69" />
        <source>Every stock line</source>
        <translation>Chaque ligne de stock</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="70" />
        <source>By product</source>
        <translation>Par produit</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="71" />
        <source>By location</source>
        <translation>Par emplacement</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="72" />
        <source>By lot</source>
        <translation>Par lot</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="73" />
        <source>By handling unit</source>
        <translation>Par unité de manutention</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="76" />
        <source>Any status</source>
        <translation>Tous statuts</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="77" />
        <source>Available</source>
        <translation>Disponible</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="78" />
        <source>Reserved</source>
        <translation>Réservé</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="79" />
        <source>Quarantined</source>
        <translation>En quarantaine</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="194" />
        <source>Stock screens · {warehouse}</source>
        <translation>Écrans de stock · {warehouse}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="198" />
        <source>F11  Back to workflows</source>
        <translation>F11  Retour aux activités</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="209" />
        <source>Scan or type: location, GTIN, GS1 label, SSCC, order, ASN, SKU…</source>
        <translation>Scannez ou tapez : emplacement, GTIN, étiquette GS1, SSCC, commande, ASN, SKU…</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="213" />
        <source>View</source>
        <translation>Vue</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="216" />
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="218" />
        <location filename="../../wms/ui/screens/supervisor.py" line="633" />
        <source>Owner</source>
        <translation>Propriétaire</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="219" />
        <source>Stock</source>
        <translation>Stock</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="232" />
        <source>Expiring within</source>
        <translation>Périme dans</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="233" />
        <source>{days} days</source>
        <translation>{days} jours</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="236" />
        <source>Expiring lots</source>
        <translation>Lots à péremption</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="239" />
        <source>Occupancy</source>
        <translation>Occupation</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="242" />
        <source>ASNs, orders, sorting</source>
        <translation>Avis, commandes, tri</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="245" />
        <source>Throughput</source>
        <translation>Cadence</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="248" />
        <source>Adjustments</source>
        <translation>Ajustements</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="251" />
        <source>Ledger</source>
        <translation>Journal</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="256" />
        <source>Parcel hub</source>
        <translation>Hub colis</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="259" />
        <source>Print queue</source>
        <translation>File d'impression</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="344" />
        <source>Every owner</source>
        <translation>Tous les propriétaires</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="368" />
        <source>Units on hand against capacity. Click a location for its ledger.</source>
        <translation>Unités en stock par rapport à la capacité. Cliquez sur un emplacement pour son journal.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="372" />
        <location filename="../../wms/ui/screens/supervisor.py" line="450" />
        <location filename="../../wms/ui/screens/supervisor.py" line="489" />
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="391" />
        <source>{used} of {total} locations hold stock</source>
        <translation>{used} emplacements sur {total} contiennent du stock</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="416" />
        <source>Open ASNs</source>
        <translation>Avis d'expédition ouverts</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="417" />
        <source>Open orders</source>
        <translation>Commandes ouvertes</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="418" />
        <source>Sort destinations, fullest first</source>
        <translation>Destinations de tri, les plus pleines d'abord</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="438" />
        <source>per station</source>
        <translation>par poste</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="439" />
        <source>per operator</source>
        <translation>par opérateur</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="442" />
        <source>last {hours} hours</source>
        <translation>dernières {hours} heures</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="446" />
        <source>Movements per hour</source>
        <translation>Mouvements par heure</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="471" />
        <source>{total} movements in the last {hours} hours</source>
        <translation>{total} mouvements ces {hours} dernières heures</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="487" />
        <source>Approve ({key})</source>
        <translation>Approuver ({key})</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="488" />
        <source>Reject ({key})</source>
        <translation>Rejeter ({key})</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="508" />
        <source>Count differences waiting for a supervisor's decision</source>
        <translation>Écarts d'inventaire en attente de la décision d'un superviseur</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="522" />
        <source>{count} waiting</source>
        <translation>{count} en attente</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="532" />
        <source>Select an adjustment first (arrow keys).</source>
        <translation>Choisissez d'abord un ajustement (flèches).</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="545" />
        <source>{quantity} × {sku} at {location}</source>
        <translation>{quantity} × {sku} en {location}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="549" />
        <source>{what}, lot {lot}</source>
        <translation>{what}, lot {lot}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="552" />
        <source>Approve adjustment {id}: post {what} (book {book}, counted {counted}). Press {key} again or Enter to post it; any other key cancels.</source>
        <translation>Approuver l'ajustement {id} : passer {what} (stock {book}, compté {counted}). Appuyez à nouveau sur {key} ou sur Entrée pour le passer ; toute autre touche annule.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="557" />
        <source>Reject adjustment {id} ({what}, book {book}, counted {counted}): nothing will be posted. Press {key} again or Enter to reject it; any other key cancels.</source>
        <translation>Rejeter l'ajustement {id} ({what}, stock {book}, compté {counted}) : rien ne sera passé. Appuyez à nouveau sur {key} ou sur Entrée pour le rejeter ; toute autre touche annule.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="574" />
        <source>Cancelled: nothing was posted.</source>
        <translation>Annulé : rien n'a été passé.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="595" />
        <source>Adjustment {id} approved and posted to the ledger.</source>
        <translation>Ajustement {id} approuvé et passé au journal.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="597" />
        <source>Adjustment {id} rejected.</source>
        <translation>Ajustement {id} rejeté.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="619" />
        <source>Product (SKU)</source>
        <translation>Produit (article)</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="620" />
        <source>Location</source>
        <translation>Emplacement</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="623" />
        <source>scan or type, then Enter; empty: every movement</source>
        <translation>scannez ou tapez, puis Entrée ; vide : tous les mouvements</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="628" />
        <source>Ledger of</source>
        <translation>Journal de</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="649" />
        <location filename="../../wms/ui/screens/supervisor.py" line="661" />
        <source>Not a search: {what}</source>
        <translation>Pas une recherche : {what}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="652" />
        <location filename="../../wms/ui/screens/supervisor.py" line="670" />
        <source>Searching: {what}</source>
        <translation>Recherche : {what}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="683" />
        <source>A scan cancelled the decision: nothing was posted.</source>
        <translation>Un scan a annulé la décision : rien n'a été passé.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="713" />
        <source>That did not work; nothing was changed. See the station log.</source>
        <translation>Cela n'a pas marché ; rien n'a été modifié. Voir le journal du poste.</translation>
    </message>
</context>
<context>
    <name>SyncMonitor</name>
    <message>
        <location filename="../../wms/ui/sync_status.py" line="64" />
        <source>No central database: set [central] url in wms.toml or $WMS_CENTRAL_URL.</source>
        <extracomment>feed entries per pull transaction in the app: short write transactions beside the scans</extracomment>
        <translation>Pas de base centrale : indiquez [central] url dans wms.toml ou $WMS_CENTRAL_URL.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/sync_status.py" line="68" />
        <source>{n} movements are kept on this station.</source>
        <translation>{n} mouvements sont conservés sur ce poste.</translation>
    </message>
    <message>
        <location filename="../../wms/ui/sync_status.py" line="72" />
        <source>sync: not configured</source>
        <translation>synchro : non configurée</translation>
    </message>
    <message>
        <location filename="../../wms/ui/sync_status.py" line="75" />
        <source>sync: …</source>
        <translation>synchro : …</translation>
    </message>
    <message>
        <location filename="../../wms/ui/sync_status.py" line="83" />
        <source>sync: offline since {time} · {n} waiting</source>
        <translation>synchro : hors ligne depuis {time} · {n} en attente</translation>
    </message>
    <message>
        <location filename="../../wms/ui/sync_status.py" line="87" />
        <source>sync: offline, never synced · {n} waiting</source>
        <translation>synchro : hors ligne, jamais synchronisé · {n} en attente</translation>
    </message>
    <message>
        <location filename="../../wms/ui/sync_status.py" line="93" />
        <source>sync: {n} waiting, not synced yet</source>
        <translation>synchro : {n} en attente, jamais synchronisé</translation>
    </message>
    <message>
        <location filename="../../wms/ui/sync_status.py" line="97" />
        <source>sync: {n} waiting, last synced {time}</source>
        <translation>synchro : {n} en attente, dernière à {time}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/sync_status.py" line="176" />
        <source>sync: state unknown</source>
        <translation>synchro : état inconnu</translation>
    </message>
</context>
<context>
    <name>TablePanel</name>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="72" />
        <source>Search (scan or type)…</source>
        <extracomment>text of the search box -&gt; (the filters it sets, what is searched for in one line or "")</extracomment>
        <translation>Rechercher (scanner ou taper)…</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="85" />
        <source>Export CSV…</source>
        <translation>Exporter en CSV…</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="159" />
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="165" />
        <source>{shown} of {total} rows</source>
        <translation>{shown} lignes sur {total}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="169" />
        <source>{shown} rows</source>
        <translation>{shown} lignes</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="171" />
        <source>{shown} rows, more as you scroll</source>
        <translation>{shown} lignes, la suite en défilant</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="196" />
        <source>Export to CSV</source>
        <translation>Exporter en CSV</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="196" />
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="203" />
        <source>Exporting…</source>
        <translation>Export en cours…</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="208" />
        <source>{count} rows exported to {path}</source>
        <translation>{count} lignes exportées dans {path}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="215" />
        <source>Could not write {path}: choose another folder.</source>
        <translation>Impossible d'écrire {path} : choisissez un autre dossier.</translation>
    </message>
</context>
<context>
    <name>Tables</name>
    <message>
        <location filename="../../wms/ui/models/table.py" line="286" />
        <source>This list could not be loaded; try again, or see the station log.</source>
        <translation>Cette liste n'a pas pu être chargée ; réessayez ou consultez le journal du poste.</translation>
    </message>
</context>
<context>
    <name>ThroughputChart</name>
    <message>
        <location filename="../../wms/ui/widgets/chart.py" line="81" />
        <source>hour</source>
        <translation>heure</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/chart.py" line="83" />
        <source>movements</source>
        <translation>mouvements</translation>
    </message>
</context>
<context>
    <name>Workflows</name>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="24" />
        <source>Receiving</source>
        <extracomment>the translatable titles, for the translation files; the English ones are ``StationMode.english_title`` (a test holds the two to each other)</extracomment>
        <translation>Réception</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="25" />
        <source>Putaway</source>
        <translation>Rangement</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="26" />
        <source>Moves</source>
        <translation>Transferts internes</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="27" />
        <source>Counting</source>
        <translation>Inventaire</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="33" />
        <source>Adjustments</source>
        <translation>Ajustements</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="34" />
        <source>Hub arrival</source>
        <translation>Arrivée hub</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="35" />
        <source>Deconsolidation</source>
        <translation>Dégroupage</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="36" />
        <source>Hold release</source>
        <translation>Mainlevée</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="37" />
        <source>Carrier handover</source>
        <translation>Remise transporteur</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="38" />
        <source>Quarantine release</source>
        <translation>Levée de quarantaine</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="39" />
        <source>Returns</source>
        <translation>Retours</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="32" />
        <source>Transfers</source>
        <translation>Transferts entre sites</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="28" />
        <source>Picking</source>
        <translation>Préparation</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="29" />
        <source>Sorting</source>
        <translation>Tri</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="30" />
        <source>Packing</source>
        <translation>Emballage</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="31" />
        <source>Shipping</source>
        <translation>Expédition</translation>
    </message>
</context>
<context>
    <name>self.screen</name>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="152" />
        <source>Cancelled: nothing was posted.</source>
        <translation>Annulé : rien n'a été passé.</translation>
    </message>
</context>
</TS>