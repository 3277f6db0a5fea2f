# A psycopg2 client for the driver matrix test (drivers_test.go): connects
# with the DRV_* environment variables, runs DRV_QUERY and prints
# "OK <first column>" or "ERR <SQLSTATE or -> <message>".
import os
import sys

import psycopg2

e = os.environ
try:
    conn = psycopg2.connect(host=e["DRV_HOST"], port=e["DRV_PORT"], user=e["DRV_USER"],
                            password=e["DRV_PASSWORD"], dbname=e["DRV_DB"],
                            sslmode="verify-full", sslrootcert=e["DRV_CA"], connect_timeout=10)
    cur = conn.cursor()
    cur.execute(e["DRV_QUERY"])
    print("OK", cur.fetchone()[0])
    conn.close()
except psycopg2.Error as err:
    print("ERR", err.pgcode or "-", str(err).strip().replace("\n", " "))
    sys.exit(0)
