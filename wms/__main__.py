from wms.cli import main

raise SystemExit(main())
