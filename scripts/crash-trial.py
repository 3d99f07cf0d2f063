#!/usr/bin/env python3
"""kill -9 trial (issue 13): writers register workers through the API and record every acknowledged id; the
server is killed with SIGKILL at a random moment, restarted, and every acknowledged id must be there (and, on
SQLite, PRAGMA integrity_check must say ok). Loopback only; bounded in trials and time; stops by itself.

  scripts/crash-trial.py --backend sqlite   [--trials 20] [--seconds 2] [--writers 8] [--binary build/jiazheng]
  scripts/crash-trial.py --backend postgres --database postgresql://...   (e.g. from scripts/start-test-postgres.sh)

Prints one line per trial and a summary: acknowledged writes, writes lost (must be 0).
"""
import argparse, json, os, random, signal, socket, subprocess, sys, tempfile, threading, time, urllib.request

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

def request(port, method, path, body=None, token=None, timeout=10):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                 data=json.dumps(body).encode() if body is not None else None)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
def id_number(n):
    first17 = "6201021956%02d%02d%03d" % (n % 12 + 1, (n // 12) % 28 + 1, (n // 336) % 1000)
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, WEIGHTS)) % 11]

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    ap.add_argument("--database", help="postgresql:// URL (postgres backend)")
    ap.add_argument("--binary", default="build/jiazheng")
    ap.add_argument("--trials", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=2.0, help="longest run before the kill")
    ap.add_argument("--writers", type=int, default=8)
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="jz-crash-")
    db = a.database if a.backend == "postgres" else "sqlite:" + os.path.join(work, "crash.db")
    if a.backend == "postgres" and not db:
        sys.exit("--database postgresql://... is required for the postgres backend")
    keys = os.path.join(work, "keys")
    subprocess.run([a.binary, "demo-data", "--database", db, "--key-dir", keys, "--workers", "10", "--log-level", "warn"],
                   check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    acknowledged, lock, counter = [], threading.Lock(), [random.randrange(1, 10**6)]

    def start():
        log = open(os.path.join(work, "server.log"), "ab")
        p = subprocess.Popen([a.binary, "serve", "--listen", f"127.0.0.1:{port}", "--database", db, "--key-dir", keys,
                              "--web-root", work, "--access-log", "false"], stdout=log, stderr=log)
        for _ in range(600):
            try:
                if request(port, "GET", "/readyz", timeout=2)[0] == 200:
                    return p
            except OSError:
                pass
            time.sleep(0.05)
        p.kill()
        sys.exit("server did not start; see " + os.path.join(work, "server.log"))

    lost_total = 0
    for trial in range(1, a.trials + 1):
        server = start()
        status, body = request(port, "POST", "/api/v1/auth/login", {"username": "admin", "password": "Jiazheng2024"})
        token = json.loads(body)["token"]
        stop = threading.Event()

        def writer():
            while not stop.is_set():
                with lock:
                    counter[0] += 1
                    n = counter[0]
                try:
                    s, b = request(port, "POST", "/api/v1/workers", {"name": "断电测试", "id_number": id_number(n),
                                   "current_division_code": "620102",
                                   "occupations": [{"code": "elderly_care", "level": 1}]}, token, timeout=5)
                except OSError:
                    continue  # the kill: not acknowledged
                if s == 201:
                    with lock:
                        acknowledged.append(json.loads(b)["id"])

        threads = [threading.Thread(target=writer) for _ in range(a.writers)]
        for t in threads:
            t.start()
        time.sleep(random.uniform(0.2, a.seconds))
        server.send_signal(signal.SIGKILL)
        server.wait()
        stop.set()
        for t in threads:
            t.join()
        server = start()
        token = json.loads(request(port, "POST", "/api/v1/auth/login",
                                   {"username": "admin", "password": "Jiazheng2024"})[1])["token"]
        with lock:
            ids = list(acknowledged)
        lost = [i for i in ids if request(port, "GET", f"/api/v1/workers/{i}", token=token)[0] != 200]
        integrity = "n/a"
        server.send_signal(signal.SIGTERM)
        server.wait()
        if a.backend == "sqlite":
            integrity = subprocess.run(["sqlite3", db[len("sqlite:"):], "PRAGMA integrity_check"],
                                       capture_output=True, text=True).stdout.strip()
        lost_total += len(lost)
        print(f"trial {trial}: {len(ids)} acknowledged so far, {len(lost)} lost, integrity {integrity}", flush=True)
        if lost or integrity not in ("ok", "n/a"):
            break
    print(f"crash-trial {a.backend}: {a.trials} kill -9 trials, {len(acknowledged)} acknowledged writes, "
          f"{lost_total} lost")
    sys.exit(1 if lost_total else 0)

if __name__ == "__main__":
    main()
