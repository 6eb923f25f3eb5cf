#!/usr/bin/env python3
# Times Azurite's Get Messages on an empty queue while another queue of the same account holds N invisible messages.
import base64, hashlib, hmac, http.client, sys, time, email.utils
ACCOUNT = "devstoreaccount1"
KEY = base64.b64decode("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==")
PORT = int(sys.argv[1])
def req(method, path, query="", body=b""):
    date = email.utils.formatdate(usegmt=True)
    headers = {"x-ms-date": date, "x-ms-version": "2021-12-02", "Content-Length": str(len(body))}
    canon_headers = "".join(f"{k}:{v}\n" for k, v in sorted((k.lower(), v) for k, v in headers.items() if k.lower().startswith("x-ms-")))
    resource = f"/{ACCOUNT}/{ACCOUNT}{path}"
    params = sorted(p.split("=", 1) for p in query.split("&") if p)
    canon_res = resource + "".join(f"\n{k.lower()}:{v}" for k, v in params)
    ctype = "application/xml" if body else ""
    if body: headers["Content-Type"] = ctype
    length = str(len(body)) if body else ""
    sts = "\n".join([method, "", "", length, "", ctype, "", "", "", "", "", ""]) + "\n" + canon_headers + canon_res
    sig = base64.b64encode(hmac.new(KEY, sts.encode(), hashlib.sha256).digest()).decode()
    headers["Authorization"] = f"SharedKey {ACCOUNT}:{sig}"
    c = http.client.HTTPConnection("127.0.0.1", PORT)
    c.request(method, f"/{ACCOUNT}{path}" + (("?" + query) if query else ""), body=body, headers=headers)
    r = c.getresponse(); data = r.read(); c.close()
    if r.status >= 300: raise Exception(f"{method} {path}?{query}: {r.status} {data[:300]}")
    return data
def timed_gets(n):
    t = time.perf_counter()
    for _ in range(n): req("GET", "/empty/messages", "numofmessages=32&visibilitytimeout=30")
    return (time.perf_counter() - t) / n * 1000
req("PUT", "/empty"); req("PUT", "/waiting")
print(f"0 invisible messages: Get Messages {timed_gets(50):.1f} ms", flush=True)
body = b"<QueueMessage><MessageText>dGltZXI=</MessageText></QueueMessage>"
done = 0
for target in [1000, 3000, 10000]:
    while done < target:
        req("POST", "/waiting/messages", "visibilitytimeout=259200", body); done += 1
    print(f"{done} invisible messages in another queue: Get Messages on an empty queue {timed_gets(50):.1f} ms", flush=True)
