"""SQL queries and time per report, in process: run by run.py through ``manage.py shell`` on the bench's
database after the servers stopped. Posts signed webhooks through Django's test client (the whole request:
middleware, signature, store, answer), then runs the worker's step on what they stored."""

import random
import time

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from twilio.request_validator import RequestValidator

from amparo.orgs.models import Organization

try:
    from amparo.intake.processing import process_pending
except ImportError:  # the inline design: nothing is left for the worker
    process_pending = None

N = 100
org = Organization.objects.get(slug="bench")
client = Client()
url = settings.AMPARO_PUBLIC_URL + "/hooks/twilio/sms"
validator = RequestValidator(org.twilio_auth_token)
rng = random.Random(9)
streets = ["Broadway", "Main", "Spring", "Soto", "Whittier", "Pico"]
queries = []
t0 = time.perf_counter()
for i in range(N):
    params = {"MessageSid": f"SMq{i:06d}{rng.getrandbits(48):012x}", "From": f"+1310{rng.randrange(10**7):07d}",
              "To": "+12135550100", "Body": f"ICE at {rng.randint(1, 40)}th and {rng.choice(streets)} q{i}"}
    with CaptureQueriesContext(connection) as ctx:
        response = client.post("/hooks/twilio/sms", params,
                               HTTP_X_TWILIO_SIGNATURE=validator.compute_signature(url, params))
    assert response.status_code == 200, response.status_code
    queries.append(len(ctx.captured_queries))
web_ms = (time.perf_counter() - t0) * 1000 / N
print(f"in process, webhook request: {sum(queries) / N:.1f} SQL queries and {web_ms:.1f} ms per report "
      f"(min {min(queries)}, max {max(queries)})")
if process_pending is not None:
    with CaptureQueriesContext(connection) as ctx:
        t0 = time.perf_counter()
        done = process_pending(org.pk)
        ms = (time.perf_counter() - t0) * 1000
    if done:
        print(f"in process, worker step: {len(ctx.captured_queries) / done:.1f} SQL queries and {ms / done:.1f} ms "
              f"per report ({done} reports)")
