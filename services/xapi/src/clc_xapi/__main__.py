from clc_xapi.cli import main

raise SystemExit(main())
