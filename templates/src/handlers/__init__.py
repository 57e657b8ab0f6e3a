"""One module per Lambda function.

A function's process handles one request at a time and keeps what its cold start
built (modules, the SDK's service models, its clients) for as long as it lives.
At its default pace, Python's cycle collector walks those objects again and
again while the cold start creates them, and frees none of them. Collecting
after every 100,000 new objects (the default is 700 on Python 3.12, 2,000 on
3.13) takes that work off the cold start; the rare garbage that reference
counting cannot free waits a little longer.
"""

import gc

gc.set_threshold(100_000)
