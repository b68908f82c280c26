"""Start-up of the packaged worker: process start → first POST /v1/claims, and → exit after a shouldStop answer.

A tiny stand-in queue answers every claim with {"shouldStop": true}, so each run is: JVM start, configuration,
first claim, graceful stop (final snapshots: none), exit 0. Prints the median of RUNS runs per JVM flag set.
"""
import http.server, json, os, statistics, subprocess, sys, tempfile, threading, time

JAR = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'target', 'reference-worker.jar')


class Queue(http.server.BaseHTTPRequestHandler):
    first = None

    def do_POST(self):
        Queue.first = Queue.first or time.time()
        self.rfile.read(int(self.headers.get('Content-Length', 0)))
        body = b'{"shouldStop":true}'
        self.send_response(200)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def once(flags, url):
    Queue.first = None
    with tempfile.TemporaryDirectory() as work:
        env = dict(os.environ, AF_QUEUE_URL=url, AF_WORKER_ID='bench', AF_WORKER_TOKEN='t', AF_WORK_DIR=work)
        t0 = time.time()
        p = subprocess.run(['java'] + flags + ['-jar', JAR], env=env, capture_output=True)
        t1 = time.time()
    if p.returncode != 0:
        sys.exit('worker exited %d: %s' % (p.returncode, p.stderr.decode()[-2000:]))
    return (Queue.first - t0) * 1000, (t1 - t0) * 1000


def main():
    runs = int(os.environ.get('RUNS', '5'))
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Queue)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = 'http://127.0.0.1:%d' % server.server_port
    for flags in ([], ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC']):
        results = [once(flags, url) for _ in range(runs)]
        print('| %s | %d | %.0f | %.0f |' % (' '.join(flags) or '(defaults)', runs,
                                          statistics.median(r[0] for r in results),
                                          statistics.median(r[1] for r in results)))


if __name__ == '__main__':
    main()
