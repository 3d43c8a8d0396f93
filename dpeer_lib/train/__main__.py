"""``python -m dpeer_lib.train --method M --run-dir R --params-file F``: one training stage (accelerate launches this)."""
from dpeer_lib.train.run import main

raise SystemExit(main())
