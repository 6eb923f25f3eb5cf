#!/usr/bin/env python3
# Times Azurite's query of one partition (as the engine reads an instance's history) as the table grows.
import base64, hashlib, hmac, http.client, sys, time, email.utils, json
ACCOUNT = "devstoreaccount1"
KEY = base64.b64decode("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==")
PORT = int(sys.argv[1])
conn = http.client.HTTPConnection("127.0.0.1", PORT)
def req(method, path, query="", body=None):
    date = email.utils.formatdate(usegmt=True)
    data = json.dumps(body).encode() if body is not None else b""
    ctype = "application/json" if body is not None else ""
    sts = f"{method}\n\n{ctype}\n{date}\n/{ACCOUNT}/{ACCOUNT}{path}"
    sig = base64.b64encode(hmac.new(KEY, sts.encode(), hashlib.sha256).digest()).decode()
    headers = {"x-ms-date": date, "x-ms-version": "2019-02-02", "Accept": "application/json;odata=nometadata",
               "Authorization": f"SharedKey {ACCOUNT}:{sig}", "DataServiceVersion": "3.0", "Content-Length": str(len(data))}
    if ctype: headers["Content-Type"] = ctype
    conn.request(method, f"/{ACCOUNT}{path}" + (("?" + query) if query else ""), body=data, headers=headers)
    r = conn.getresponse(); out = r.read()
    if r.status >= 300: raise Exception(f"{method} {path}: {r.status} {out[:300]}")
    return out
def timed(n):
    t = time.perf_counter()
    for i in range(n):
        req("GET", "/History()", "$filter=PartitionKey%20eq%20%27inst-00007%27")
    return (time.perf_counter() - t) / n * 1000
req("POST", "/Tables", body={"TableName": "History"})
done = 0
for target in [0, 5000, 20000]:
    while done < target:
        req("POST", "/History", body={"PartitionKey": f"inst-{done // 5:05d}", "RowKey": f"{done % 5:016d}", "EventType": "TimerCreated", "Payload": "x" * 200}); done += 1
    print(f"{done} rows: a one-partition query takes {timed(20):.1f} ms", flush=True)
