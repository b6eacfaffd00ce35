"""supportbot: a chat-ops support bot for cloud resellers."""

import os

# numpy's OpenBLAS starts a busy-waiting thread per core at the first matrix product
# (the embedding re-ranker makes one per question). In a server of many small requests
# those threads burned more CPU than the requests themselves: measured on the Slack
# benchmark, 25.6 ms of CPU per event with them, 7.4 ms without. One thread each; set
# the variable yourself to choose otherwise. It must be set before numpy is imported.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")
