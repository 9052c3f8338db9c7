<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh">
<context>
    <name />
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="511" />
        <source>“{text}” was typed without Enter and is cleared: key it again if it is needed</source>
        <translation>“{text}” 未按回车即被清除：如需要请重新输入</translation>
    </message>
</context>
<context>
    <name>AtRiskStrip</name>
    <message>
        <location filename="../../wms/ui/widgets/at_risk.py" line="49" />
        <source>72-hour clock</source>
        <extracomment>modes whose scan screen shows the strip how often the strip refreshes without a scan (ms) ``load(done, failed)``: read the numbers (in the background), then call one of them</extracomment>
        <translation>72 小时时钟</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/at_risk.py" line="80" />
        <source>72-hour clock: promise within {hours} h</source>
        <translation>72 小时时钟：{hours} 小时内到期</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/at_risk.py" line="82" />
        <source>{count} parcels at risk</source>
        <translation>{count} 个包裹有风险</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/at_risk.py" line="92" />
        <source>not yet scanned</source>
        <translation>尚未扫描</translation>
    </message>
</context>
<context>
    <name>CartonPanel</name>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="62" />
        <source>Carton: key S, M or L + Enter</source>
        <translation>纸箱：输入 S、M 或 L 后按回车</translation>
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
        <translation>库位</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="43" />
        <location filename="../../wms/ui/screens/supervisor.py" line="85" />
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="44" />
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="45" />
        <location filename="../../wms/ui/screens/supervisor.py" line="86" />
        <source>Lot</source>
        <translation>批次</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="46" />
        <source>Expiry</source>
        <translation>有效期</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="47" />
        <source>Handling unit</source>
        <translation>搬运单元</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="48" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="49" />
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="50" />
        <source>Locations</source>
        <translation>库位数</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="51" />
        <source>Products</source>
        <translation>商品数</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="52" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="53" />
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="54" />
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="55" />
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="56" />
        <location filename="../../wms/ui/screens/print_queue.py" line="25" />
        <source>Reference</source>
        <translation>参考号</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="57" />
        <location filename="../../wms/ui/screens/hub_panel.py" line="46" />
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="58" />
        <location filename="../../wms/ui/screens/hub_panel.py" line="45" />
        <source>Station</source>
        <translation>工位</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="59" />
        <source>Movement</source>
        <translation>移动</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="60" />
        <source>ASN</source>
        <translation>到货通知</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="61" />
        <source>Supplier</source>
        <translation>供应商</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="62" />
        <source>Origin</source>
        <translation>原产地</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="63" />
        <source>Expected</source>
        <translation>预期</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="64" />
        <source>Lines</source>
        <translation>行数</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="65" />
        <source>Units expected</source>
        <translation>预期数量</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="66" />
        <source>Units received</source>
        <translation>已收数量</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="67" />
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="68" />
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="69" />
        <location filename="../../wms/ui/screens/hub_panel.py" line="40" />
        <source>Country</source>
        <translation>国家</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="70" />
        <location filename="../../wms/ui/screens/hub_panel.py" line="39" />
        <source>Carrier</source>
        <translation>承运商</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="71" />
        <source>Units</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="72" />
        <source>Units picked</source>
        <translation>已拣数量</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="73" />
        <source>Destination</source>
        <translation>目的地</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="74" />
        <source>Zone</source>
        <translation>区域</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="75" />
        <source>Handling units</source>
        <translation>搬运单元数</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="76" />
        <source>Capacity</source>
        <translation>容量</translation>
    </message>
    <message>
        <location filename="../../wms/ui/models/table.py" line="77" />
        <source>Filled</source>
        <translation>占用率</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="22" />
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="30" />
        <location filename="../../wms/ui/screens/hub_panel.py" line="47" />
        <source>Parcels</source>
        <translation>包裹</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="31" />
        <source>Oldest hold (h)</source>
        <translation>最长扣留 (小时)</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="34" />
        <source>Tracking</source>
        <translation>追踪号</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="35" />
        <source>Hours left</source>
        <translation>剩余小时</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="36" />
        <location filename="../../wms/ui/screens/print_queue.py" line="23" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="38" />
        <source>Customs</source>
        <translation>海关</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="41" />
        <source>Dwell (h)</source>
        <translation>停留 (小时)</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="44" />
        <source>Hour</source>
        <translation>小时</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="24" />
        <source>Document</source>
        <translation>单据</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="26" />
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="27" />
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="28" />
        <source>Last error</source>
        <translation>最近错误</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="83" />
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="87" />
        <source>Book</source>
        <translation>账面</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="88" />
        <source>Counted</source>
        <translation>盘点数</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="89" />
        <source>Difference</source>
        <translation>差异</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="29" />
        <location filename="../../wms/ui/screens/supervisor.py" line="90" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="91" />
        <source>Counted by</source>
        <translation>盘点人</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="92" />
        <source>When</source>
        <translation>时间</translation>
    </message>
</context>
<context>
    <name>Context</name>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="56" />
        <source>ASN</source>
        <extracomment>key -&gt; command barcode it stands for</extracomment>
        <translation>到货通知</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="57" />
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="58" />
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="59" />
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="60" />
        <source>Lot</source>
        <translation>批次</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="61" />
        <source>Expiry</source>
        <translation>有效期</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="62" />
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="63" />
        <source>Location</source>
        <translation>库位</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="64" />
        <source>Handling unit</source>
        <translation>搬运单元</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="65" />
        <source>SSCC</source>
        <translation>SSCC</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="66" />
        <source>Destination</source>
        <translation>目的地</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="67" />
        <source>Tote</source>
        <translation>周转箱</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="68" />
        <source>Carton</source>
        <translation>纸箱</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="69" />
        <source>Weight (kg)</source>
        <translation>重量 (kg)</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="70" />
        <source>Received</source>
        <translation>已收货</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="71" />
        <source>Expected</source>
        <translation>预期</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="72" />
        <source>Remaining</source>
        <translation>剩余</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="73" />
        <source>Line</source>
        <translation>行号</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="74" />
        <source>Reference</source>
        <translation>参考号</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="75" />
        <source>Unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="76" />
        <source>Dock</source>
        <translation>月台</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="77" />
        <source>Received here</source>
        <translation>本处已收</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="78" />
        <source>Bench</source>
        <translation>工作台</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="79" />
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="80" />
        <source>Suggested carton</source>
        <translation>建议纸箱</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="81" />
        <source>Verified</source>
        <translation>已核对</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="82" />
        <source>Pick list</source>
        <translation>拣货单</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="83" />
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="84" />
        <source>Zone</source>
        <translation>区域</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="85" />
        <source>Stops</source>
        <translation>拣货点数</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="86" />
        <source>Units</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="87" />
        <source>Orders</source>
        <translation>订单数</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="88" />
        <source>Stop</source>
        <translation>拣货点</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="89" />
        <source>Picked</source>
        <translation>已拣</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="90" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="91" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="92" />
        <source>Keyed, waiting for a scan</source>
        <translation>已输入，等待扫描</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="97" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="99" />
        <source>To sort</source>
        <translation>待分拣</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="100" />
        <source>Expected bags</source>
        <translation>预期袋数</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="101" />
        <source>Arrived bags</source>
        <translation>已到袋数</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="102" />
        <source>Missing</source>
        <translation>缺少</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="103" />
        <source>Parcels</source>
        <translation>包裹</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="104" />
        <source>Carrier</source>
        <translation>承运商</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="105" />
        <source>Released</source>
        <translation>已放行</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="106" />
        <source>Quarantined</source>
        <translation>隔离</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="107" />
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="108" />
        <source>Check digits</source>
        <translation>校验位</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="109" />
        <source>Strategy</source>
        <translation>策略</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="110" />
        <source>Counted</source>
        <translation>盘点数</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="111" />
        <source>Sequence</source>
        <translation>顺序</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="112" />
        <source>Plan</source>
        <translation>方案</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="114" />
        <source>Last-mile bag</source>
        <translation>末端配送袋</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="115" />
        <source>Bags</source>
        <translation>袋数</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="116" />
        <source>Scanned</source>
        <translation>已扫描</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="118" />
        <source>Return</source>
        <translation>退货单</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="119" />
        <source>Owner</source>
        <translation>货主</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="120" />
        <source>Merchant</source>
        <translation>商家</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="121" />
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="122" />
        <source>Shipped</source>
        <translation>已发货</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="123" />
        <source>Returned</source>
        <translation>已退回</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="124" />
        <source>Left</source>
        <translation>剩余</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="125" />
        <source>Graded</source>
        <translation>已分级</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="96" />
        <source>Parcel</source>
        <translation>包裹</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="113" />
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="98" />
        <source>Sorted</source>
        <translation>已分拣</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="95" />
        <source>Bag</source>
        <translation>袋</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="94" />
        <source>MAWB</source>
        <translation>主运单</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="90" />
        <source>Hello {name}: choose a workflow</source>
        <translation>{name}，您好：请选择作业</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="94" />
        <source>Press Ctrl and the number, or scan CMD:MODE:&lt;workflow&gt; on the command sheet. F12: log out.</source>
        <translation>按 Ctrl 加数字，或扫描命令表上的 CMD:MODE:&lt;流程&gt;。F12：退出登录。</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="115" />
        <source>Ctrl+S   Stock screens</source>
        <translation>Ctrl+S   库存屏幕</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="121" />
        <source>Ctrl+P   Print queue</source>
        <translation>Ctrl+P   打印队列</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="125" />
        <source>F9   Settings</source>
        <translation>F9   设置</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="128" />
        <source>F12   Log out</source>
        <translation>F12   退出登录</translation>
    </message>
</context>
<context>
    <name>HubPanel</name>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="52" />
        <location filename="../../wms/ui/screens/hub_panel.py" line="198" />
        <source>overdue</source>
        <extracomment>hours-left buckets of the chart: (upper bound, label) the chart's first label, translated (the others are numbers)</extracomment>
        <translation>已逾期</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="99" />
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="106" />
        <source>Held in the customs cage</source>
        <translation>海关扣留区</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="112" />
        <source>At risk: promise within {hours} h</source>
        <translation>有风险：{hours} 小时内到期</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="115" />
        <source>Parcels sorted per hour, station and operator</source>
        <translation>每小时各工位和操作员分拣的包裹</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="168" />
        <source>held in the cage: {held} · at risk: {risky}</source>
        <translation>扣留：{held} · 有风险：{risky}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="177" />
        <source>{total} parcels sorted in the last 24 hours, per station and operator</source>
        <translation>过去 24 小时分拣 {total} 个包裹，按工位和操作员</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="180" />
        <source>parcels</source>
        <translation>包裹</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="189" />
        <source>Parcels</source>
        <translation>包裹</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/hub_panel.py" line="205" />
        <source>Parcels at risk by hours left</source>
        <translation>按剩余小时的风险包裹</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <location filename="../../wms/ui/screens/login.py" line="139" />
        <source>Warehouse station</source>
        <translation>仓库工位</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/login.py" line="141" />
        <source>Station {station} · warehouse {warehouse}</source>
        <translation>工位 {station} · 仓库 {warehouse}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/login.py" line="146" />
        <source>Scan your badge or type its number, then press Enter. F1–F4: language.</source>
        <translation>扫描工牌或输入工牌号，然后按回车。F1–F4：语言。</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/login.py" line="148" />
        <source>Settings (F9)</source>
        <translation>设置 (F9)</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/login.py" line="156" />
        <source>Scan your badge</source>
        <translation>请扫描工牌</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/login.py" line="157" />
        <source>badge number</source>
        <translation>工牌号</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/login.py" line="159" />
        <source>Badge {badge}: key your PIN</source>
        <translation>工牌 {badge}：请输入密码</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/login.py" line="160" />
        <source>PIN</source>
        <translation>密码</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../wms/ui/main_window.py" line="78" />
        <location filename="../../wms/ui/main_window.py" line="600" />
        <source>WMS station {station}</source>
        <translation>WMS 工位 {station}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/main_window.py" line="170" />
        <location filename="../../wms/ui/main_window.py" line="335" />
        <location filename="../../wms/ui/main_window.py" line="602" />
        <source>nobody logged in</source>
        <translation>无人登录</translation>
    </message>
    <message>
        <location filename="../../wms/ui/main_window.py" line="183" />
        <source>device settings have problems: see Settings (F9)</source>
        <translation>设备设置有问题：请查看设置 (F9)</translation>
    </message>
    <message>
        <location filename="../../wms/ui/main_window.py" line="224" />
        <source>keyboard wedge</source>
        <translation>键盘模式扫描枪</translation>
    </message>
    <message>
        <location filename="../../wms/ui/main_window.py" line="259" />
        <source>print: {waiting} waiting · {failed} failed</source>
        <translation>打印：{waiting} 等待 · {failed} 失败</translation>
    </message>
    <message>
        <location filename="../../wms/ui/main_window.py" line="263" />
        <source>print: {waiting} waiting</source>
        <translation>打印：{waiting} 个等待</translation>
    </message>
    <message>
        <location filename="../../wms/ui/main_window.py" line="344" />
        <source>{name} ({role})</source>
        <translation>{name}（{role}）</translation>
    </message>
    <message>
        <location filename="../../wms/ui/main_window.py" line="478" />
        <source>Print queue</source>
        <translation>打印队列</translation>
    </message>
    <message>
        <location filename="../../wms/ui/main_window.py" line="479" />
        <source>F11  Back to workflows</source>
        <translation>F11  返回作业</translation>
    </message>
    <message>
        <location filename="../../wms/ui/main_window.py" line="494" />
        <source>Settings need a supervisor or admin: log in with such a badge, then press F9</source>
        <translation>设置需要主管或管理员：请用此类工牌登录，然后按 F9</translation>
    </message>
    <message>
        <location filename="../../wms/ui/main_window.py" line="498" />
        <source>Settings need a supervisor or admin; {name} is logged in as {role}</source>
        <translation>设置需要主管或管理员；{name} 当前以{role}身份登录</translation>
    </message>
    <message>
        <location filename="../../wms/ui/main_window.py" line="530" />
        <source>Settings saved to {path}: devices are used at once; station, warehouse and workflows from the next start.</source>
        <translation>设置已保存到 {path}：设备立即生效；工位、仓库和流程在下次启动时生效。</translation>
    </message>
</context>
<context>
    <name>OccupancyMap</name>
    <message>
        <location filename="../../wms/ui/widgets/occupancy.py" line="21" />
        <source>empty</source>
        <translation>空</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/occupancy.py" line="25" />
        <source>no capacity set</source>
        <translation>未设容量</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/occupancy.py" line="84" />
        <source>Aisle {aisle}</source>
        <translation>{aisle} 巷道</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/occupancy.py" line="156" />
        <source>No locations</source>
        <translation>没有库位</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/occupancy.py" line="191" />
        <source>{code}: {units} units in {lines} lines, capacity {capacity}</source>
        <translation>{code}：{lines} 行共 {units} 件，容量 {capacity}</translation>
    </message>
</context>
<context>
    <name>ParcelPrintPanel</name>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="209" />
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="210" />
        <source>printing</source>
        <translation>打印中</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="211" />
        <source>printed</source>
        <translation>已打印</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="212" />
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="213" />
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="228" />
        <source>Printed for the last parcel</source>
        <translation>上一个包裹的打印</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="229" />
        <source>no parcel closed yet</source>
        <translation>尚无已封箱包裹</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="234" />
        <source>F7  Print again</source>
        <translation>F7  重新打印</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="254" />
        <source>This station has no print queue.</source>
        <translation>本工位没有打印队列。</translation>
    </message>
</context>
<context>
    <name>PrintQueuePanel</name>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="33" />
        <source>Waiting or failed</source>
        <translation>等待或失败</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="36" />
        <source>All jobs</source>
        <translation>全部任务</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="37" />
        <source>Printed</source>
        <translation>已打印</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="38" />
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="65" />
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="72" />
        <source>Reprint (F7)</source>
        <translation>重新打印 (F7)</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="77" />
        <source>Send to this printer</source>
        <translation>发送到此打印机</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="79" />
        <source>Cancel job</source>
        <translation>取消任务</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="81" />
        <source>Retry all now (F5)</source>
        <translation>立即全部重试 (F5)</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="87" />
        <source>Printer:</source>
        <translation>打印机：</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="135" />
        <source>{count} jobs</source>
        <translation>{count} 个任务</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="160" />
        <source>Select a job in the list first (arrow keys), then choose again.</source>
        <translation>请先在列表中选择一个任务（方向键），然后再试。</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="171" />
        <source>Reprint of {what} queued.</source>
        <translation>{what} 的重新打印已加入队列。</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="184" />
        <source>{what} sent to {printer}.</source>
        <translation>{what} 已发送到 {printer}。</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/print_queue.py" line="196" />
        <source>Trying every waiting job again now.</source>
        <translation>正在重试所有等待中的任务。</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <location filename="../../wms/ui/i18n.py" line="91" />
        <source>operator</source>
        <extracomment>code -&gt; the language's own name (shown on the login screen) operator roles as the status bar shows them</extracomment>
        <translation>操作员</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="92" />
        <source>supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="93" />
        <source>admin</source>
        <translation>管理员</translation>
    </message>
</context>
<context>
    <name>ScalePanel</name>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="125" />
        <source>Scale</source>
        <translation>电子秤</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="131" />
        <location filename="../../wms/ui/screens/packing.py" line="173" />
        <source>F6  Use this weight</source>
        <translation>F6  使用此重量</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="155" />
        <source>waiting for the scale…</source>
        <translation>等待秤…</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="164" />
        <source>No scale at this bench: key the parcel's weight (e.g. 0.9 kg) and press Enter. A scale added in Settings (F9) is used at once.</source>
        <translation>此工位没有秤：请输入包裹重量（例如 0.9 kg）并按回车。在设置（F9）中添加的秤会立即使用。</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="171" />
        <source>F6  Weigh, close and print
label · packing list · customs</source>
        <translation>F6  称重、封箱并打印
面单 · 装箱单 · 报关单</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="181" />
        <source>stable</source>
        <translation>稳定</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="181" />
        <source>settling…</source>
        <translation>稳定中…</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/packing.py" line="202" />
        <source>The scale {name} has sent no weight yet ({status}): check it, or key the parcel's weight (e.g. 0.9 kg) and press Enter.</source>
        <translation>秤 {name} 尚未发送重量（{status}）：请检查，或输入包裹重量（例如 0.9 kg）并按回车。</translation>
    </message>
</context>
<context>
    <name>ScanScreen</name>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="202" />
        <source>{operator} · station {station}</source>
        <extracomment>context keys that are not for the operator's eyes (or shown elsewhere, like the destination)</extracomment>
        <translation>{operator} · 工位 {station}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="261" />
        <source>Scan, or type and press Enter</source>
        <translation>扫描，或输入后按回车</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/scan.py" line="268" />
        <source>Enter: send · Ctrl+Enter: send as barcode · F2 done · F3 short · F4 new unit · F5 close · F7 reprint · F8 cancel · Esc back · F11 home · F12 log out</source>
        <translation>回车：提交 · Ctrl+回车：作为条码 · F2 完成 · F3 短拣 · F4 新单元 · F5 关闭 · F7 重打 · F8 取消 · Esc 返回 · F11 主页 · F12 退出</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="119" />
        <source>Station settings</source>
        <translation>工位设置</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="128" />
        <source>This station: {station} · warehouse {warehouse}</source>
        <translation>本工位：{station} · 仓库 {warehouse}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="142" />
        <source>Station id</source>
        <translation>工位编号</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="143" />
        <source>Warehouse</source>
        <translation>仓库</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="144" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="146" />
        <source>Workflows at this station</source>
        <translation>本工位的作业</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="155" />
        <source>Devices</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="160" />
        <source>wedge: or /dev/serial/by-id/… or socket://host:port</source>
        <translation>wedge: 或 /dev/serial/by-id/… 或 socket://主机:端口</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="161" />
        <source>tcp://printer:9100, file:///folder/, cups://queue</source>
        <translation>tcp://打印机:9100、file:///目录/、cups://队列</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="162" />
        <source>/dev/serial/by-id/… or socket://host:port</source>
        <translation>/dev/serial/by-id/… 或 socket://主机:端口</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="165" />
        <source>Scanner</source>
        <translation>扫描枪</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="166" />
        <source>Label printer</source>
        <translation>标签打印机</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="167" />
        <source>Scale</source>
        <translation>电子秤</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="176" />
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="194" />
        <source>Saved in {path}</source>
        <translation>保存在 {path}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="200" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="201" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="246" />
        <source>Enter the device's address first.</source>
        <translation>请先输入设备地址。</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="253" />
        <source>Testing…</source>
        <translation>测试中…</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="276" />
        <source>Choose at least one workflow for this station.</source>
        <translation>请为本工位至少选择一项作业。</translation>
    </message>
    <message>
        <location filename="../../wms/ui/settings_dialog.py" line="289" />
        <source>Could not save {path} ({reason}): check the folder's permissions.</source>
        <translation>无法保存 {path}（{reason}）：请检查文件夹权限。</translation>
    </message>
</context>
<context>
    <name>States</name>
    <message>
        <location filename="../../wms/ui/i18n.py" line="100" />
        <source>available</source>
        <extracomment>the states and statuses shown in table cells (stock, pick tasks, orders, print jobs, hub parcels): a cell of a ``state`` / ``status`` column is shown in the station's language</extracomment>
        <translation>可用</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="101" />
        <source>reserved</source>
        <translation>已预留</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="102" />
        <source>quarantined</source>
        <translation>已隔离</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="103" />
        <source>open</source>
        <translation>未完成</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="104" />
        <source>backordered</source>
        <translation>缺货待补</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="105" />
        <source>allocated</source>
        <translation>已分配</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="106" />
        <source>released</source>
        <translation>已下发</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="107" />
        <source>picking</source>
        <translation>拣货中</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="108" />
        <source>picked</source>
        <translation>已拣</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="109" />
        <source>short</source>
        <translation>短拣</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="110" />
        <source>packed</source>
        <translation>已包装</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="111" />
        <source>shipped</source>
        <translation>已发运</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="112" />
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="113" />
        <source>pending</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="114" />
        <source>printing</source>
        <translation>打印中</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="115" />
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="116" />
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="117" />
        <source>expected</source>
        <translation>待到</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="118" />
        <source>sorted</source>
        <translation>已分拣</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="119" />
        <source>held</source>
        <translation>已扣留</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="120" />
        <source>exception</source>
        <translation>异常</translation>
    </message>
    <message>
        <location filename="../../wms/ui/i18n.py" line="121" />
        <source>handed over</source>
        <translation>已交接</translation>
    </message>
</context>
<context>
    <name>SupervisorScreen</name>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="69" />
        <source>Every stock line</source>
        <translation>全部库存行</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="70" />
        <source>By product</source>
        <translation>按商品</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="71" />
        <source>By location</source>
        <translation>按库位</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="72" />
        <source>By lot</source>
        <translation>按批次</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="73" />
        <source>By handling unit</source>
        <translation>按搬运单元</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="76" />
        <source>Any status</source>
        <translation>所有状态</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="77" />
        <source>Available</source>
        <translation>可用</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="78" />
        <source>Reserved</source>
        <translation>已预留</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="79" />
        <source>Quarantined</source>
        <translation>隔离</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="194" />
        <source>Stock screens · {warehouse}</source>
        <translation>库存屏幕 · {warehouse}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="198" />
        <source>F11  Back to workflows</source>
        <translation>F11  返回作业</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="209" />
        <source>Scan or type: location, GTIN, GS1 label, SSCC, order, ASN, SKU…</source>
        <translation>扫描或输入：库位、GTIN、GS1 标签、SSCC、订单、ASN、SKU…</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="213" />
        <source>View</source>
        <translation>视图</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="216" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="218" />
        <location filename="../../wms/ui/screens/supervisor.py" line="633" />
        <source>Owner</source>
        <translation>货主</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="219" />
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="232" />
        <source>Expiring within</source>
        <translation>到期范围</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="233" />
        <source>{days} days</source>
        <translation>{days} 天</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="236" />
        <source>Expiring lots</source>
        <translation>临期批次</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="239" />
        <source>Occupancy</source>
        <translation>库位占用</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="242" />
        <source>ASNs, orders, sorting</source>
        <translation>到货、订单、分拣</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="245" />
        <source>Throughput</source>
        <translation>吞吐量</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="248" />
        <source>Adjustments</source>
        <translation>库存调整</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="251" />
        <source>Ledger</source>
        <translation>流水账</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="256" />
        <source>Parcel hub</source>
        <translation>包裹枢纽</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="259" />
        <source>Print queue</source>
        <translation>打印队列</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="344" />
        <source>Every owner</source>
        <translation>所有货主</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="368" />
        <source>Units on hand against capacity. Click a location for its ledger.</source>
        <translation>在库数量与容量对比。点击库位查看其流水。</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="372" />
        <location filename="../../wms/ui/screens/supervisor.py" line="450" />
        <location filename="../../wms/ui/screens/supervisor.py" line="489" />
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="391" />
        <source>{used} of {total} locations hold stock</source>
        <translation>{total} 个库位中有 {used} 个有库存</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="416" />
        <source>Open ASNs</source>
        <translation>未完成到货通知</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="417" />
        <source>Open orders</source>
        <translation>未完成订单</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="418" />
        <source>Sort destinations, fullest first</source>
        <translation>分拣目的地（最满的在前）</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="438" />
        <source>per station</source>
        <translation>按工位</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="439" />
        <source>per operator</source>
        <translation>按操作员</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="442" />
        <source>last {hours} hours</source>
        <translation>最近 {hours} 小时</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="446" />
        <source>Movements per hour</source>
        <translation>每小时移动数</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="471" />
        <source>{total} movements in the last {hours} hours</source>
        <translation>最近 {hours} 小时共 {total} 次移动</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="487" />
        <source>Approve ({key})</source>
        <translation>批准 ({key})</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="488" />
        <source>Reject ({key})</source>
        <translation>驳回 ({key})</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="508" />
        <source>Count differences waiting for a supervisor's decision</source>
        <translation>等待主管审批的盘点差异</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="522" />
        <source>{count} waiting</source>
        <translation>{count} 条待处理</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="532" />
        <source>Select an adjustment first (arrow keys).</source>
        <translation>请先选择一条调整（方向键）。</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="545" />
        <source>{quantity} × {sku} at {location}</source>
        <translation>{quantity} × {sku}，位于 {location}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="549" />
        <source>{what}, lot {lot}</source>
        <translation>{what}，批次 {lot}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="552" />
        <source>Approve adjustment {id}: post {what} (book {book}, counted {counted}). Press {key} again or Enter to post it; any other key cancels.</source>
        <translation>批准调整 {id}：过账 {what}（账面 {book}，盘点 {counted}）。再按 {key} 或 Enter 过账；按其他键取消。</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="557" />
        <source>Reject adjustment {id} ({what}, book {book}, counted {counted}): nothing will be posted. Press {key} again or Enter to reject it; any other key cancels.</source>
        <translation>驳回调整 {id}（{what}，账面 {book}，盘点 {counted}）：不会过账。再按 {key} 或 Enter 驳回；按其他键取消。</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="574" />
        <source>Cancelled: nothing was posted.</source>
        <translation>已取消：未过账。</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="595" />
        <source>Adjustment {id} approved and posted to the ledger.</source>
        <translation>调整 {id} 已批准并记入流水账。</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="597" />
        <source>Adjustment {id} rejected.</source>
        <translation>调整 {id} 已驳回。</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="619" />
        <source>Product (SKU)</source>
        <translation>商品 (SKU)</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="620" />
        <source>Location</source>
        <translation>库位</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="623" />
        <source>scan or type, then Enter; empty: every movement</source>
        <translation>扫描或输入后回车；留空：全部移动</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="628" />
        <source>Ledger of</source>
        <translation>流水账：</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="649" />
        <location filename="../../wms/ui/screens/supervisor.py" line="661" />
        <source>Not a search: {what}</source>
        <translation>不是搜索：{what}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="652" />
        <location filename="../../wms/ui/screens/supervisor.py" line="670" />
        <source>Searching: {what}</source>
        <translation>搜索：{what}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="683" />
        <source>A scan cancelled the decision: nothing was posted.</source>
        <translation>扫描取消了该决定：未过账。</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="713" />
        <source>That did not work; nothing was changed. See the station log.</source>
        <translation>操作未成功，未做任何更改。请查看工位日志。</translation>
    </message>
</context>
<context>
    <name>SyncMonitor</name>
    <message>
        <location filename="../../wms/ui/sync_status.py" line="64" />
        <source>No central database: set [central] url in wms.toml or $WMS_CENTRAL_URL.</source>
        <extracomment>feed entries per pull transaction in the app: short write transactions beside the scans</extracomment>
        <translation>没有中央数据库：请在 wms.toml 中设置 [central] url 或 $WMS_CENTRAL_URL。</translation>
    </message>
    <message>
        <location filename="../../wms/ui/sync_status.py" line="68" />
        <source>{n} movements are kept on this station.</source>
        <translation>{n} 条移动记录保存在本工位。</translation>
    </message>
    <message>
        <location filename="../../wms/ui/sync_status.py" line="72" />
        <source>sync: not configured</source>
        <translation>同步：未配置</translation>
    </message>
    <message>
        <location filename="../../wms/ui/sync_status.py" line="75" />
        <source>sync: …</source>
        <translation>同步：…</translation>
    </message>
    <message>
        <location filename="../../wms/ui/sync_status.py" line="83" />
        <source>sync: offline since {time} · {n} waiting</source>
        <translation>同步：自 {time} 起离线 · {n} 条待发送</translation>
    </message>
    <message>
        <location filename="../../wms/ui/sync_status.py" line="87" />
        <source>sync: offline, never synced · {n} waiting</source>
        <translation>同步：离线，从未同步 · {n} 条待发送</translation>
    </message>
    <message>
        <location filename="../../wms/ui/sync_status.py" line="93" />
        <source>sync: {n} waiting, not synced yet</source>
        <translation>同步：{n} 条待发送，尚未同步</translation>
    </message>
    <message>
        <location filename="../../wms/ui/sync_status.py" line="97" />
        <source>sync: {n} waiting, last synced {time}</source>
        <translation>同步：{n} 条待发送，上次同步 {time}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/sync_status.py" line="176" />
        <source>sync: state unknown</source>
        <translation>同步：状态未知</translation>
    </message>
</context>
<context>
    <name>TablePanel</name>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="72" />
        <source>Search (scan or type)…</source>
        <extracomment>text of the search box -&gt; (the filters it sets, what is searched for in one line or "")</extracomment>
        <translation>搜索（扫描或输入）…</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="85" />
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="159" />
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="165" />
        <source>{shown} of {total} rows</source>
        <translation>{shown} / {total} 行</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="169" />
        <source>{shown} rows</source>
        <translation>{shown} 行</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="171" />
        <source>{shown} rows, more as you scroll</source>
        <translation>{shown} 行，滚动加载更多</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="196" />
        <source>Export to CSV</source>
        <translation>导出为 CSV</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="196" />
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="203" />
        <source>Exporting…</source>
        <translation>导出中…</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="208" />
        <source>{count} rows exported to {path}</source>
        <translation>已导出 {count} 行到 {path}</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/table_panel.py" line="215" />
        <source>Could not write {path}: choose another folder.</source>
        <translation>无法写入 {path}：请选择其他文件夹。</translation>
    </message>
</context>
<context>
    <name>Tables</name>
    <message>
        <location filename="../../wms/ui/models/table.py" line="286" />
        <source>This list could not be loaded; try again, or see the station log.</source>
        <translation>无法加载此列表；请重试或查看工位日志。</translation>
    </message>
</context>
<context>
    <name>ThroughputChart</name>
    <message>
        <location filename="../../wms/ui/widgets/chart.py" line="81" />
        <source>hour</source>
        <translation>小时</translation>
    </message>
    <message>
        <location filename="../../wms/ui/widgets/chart.py" line="83" />
        <source>movements</source>
        <translation>移动数</translation>
    </message>
</context>
<context>
    <name>Workflows</name>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="24" />
        <source>Receiving</source>
        <extracomment>the translatable titles, for the translation files; the English ones are ``StationMode.english_title`` (a test holds the two to each other)</extracomment>
        <translation>收货</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="25" />
        <source>Putaway</source>
        <translation>上架</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="26" />
        <source>Moves</source>
        <translation>移库</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="27" />
        <source>Counting</source>
        <translation>盘点</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="33" />
        <source>Adjustments</source>
        <translation>库存调整</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="34" />
        <source>Hub arrival</source>
        <translation>枢纽到货</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="35" />
        <source>Deconsolidation</source>
        <translation>拆包分拣</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="36" />
        <source>Hold release</source>
        <translation>扣留放行</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="37" />
        <source>Carrier handover</source>
        <translation>承运商交接</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="38" />
        <source>Quarantine release</source>
        <translation>隔离放行</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="39" />
        <source>Returns</source>
        <translation>退货</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="32" />
        <source>Transfers</source>
        <translation>调拨</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="28" />
        <source>Picking</source>
        <translation>拣货</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="29" />
        <source>Sorting</source>
        <translation>分拣</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="30" />
        <source>Packing</source>
        <translation>包装</translation>
    </message>
    <message>
        <location filename="../../wms/ui/screens/home.py" line="31" />
        <source>Shipping</source>
        <translation>发运</translation>
    </message>
</context>
<context>
    <name>self.screen</name>
    <message>
        <location filename="../../wms/ui/screens/supervisor.py" line="152" />
        <source>Cancelled: nothing was posted.</source>
        <translation>已取消：未过账。</translation>
    </message>
</context>
</TS>