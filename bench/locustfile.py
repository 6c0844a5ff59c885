"""People browsing the main pages, for bench/load.py (which sets LOAD_PLAN).

Officers move between the register, meetings, the tracker and funding of the
partnership they support; scrutiny members read dashboards, health findings and
reviews. Each simulated person signs in once through the login form, then
pauses between pages (1 to 3 s unless the plan says otherwise).
"""

import json
import os
import random

from locust import HttpUser, between, task

PLAN = json.loads(os.environ.get("LOAD_PLAN", "{}"))


class _Person(HttpUser):
    abstract = True
    wait_time = between(*PLAN.get("pause", (1, 3)))
    role = ""

    def on_start(self):
        account = PLAN["accounts"][self.role]
        self.client.get("/login/", name="login page")
        self._trust_cookies()
        token = self.client.cookies.get("csrftoken")
        response = self.client.post(
            "/login/",
            {"username": account, "password": PLAN["password"], "csrfmiddlewaretoken": token},
            name="sign in",
            allow_redirects=False,
        )
        if response.status_code != 302:
            raise RuntimeError(f"{account} could not sign in ({response.status_code})")
        self._trust_cookies()

    def _trust_cookies(self):
        # Production cookies are Secure; this test talks plain HTTP on loopback,
        # so the client is told to send them anyway, each time they are set.
        for cookie in self.client.cookies:
            cookie.secure = False

    def visit(self, kind):
        path = random.choice(PLAN["pages"][kind])  # noqa: S311 - not security
        if PLAN.get("hosts"):
            # Several web servers behind one name (bench/cluster.py): each page from
            # any of them, the session signed in on the first.
            path = random.choice(PLAN["hosts"]) + path  # noqa: S311 - not security
        self._trust_cookies()  # a page may set the session cookie again
        with self.client.get(path, name=kind, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} for {path}")
            elif response.history and "/login/" in response.url:
                response.failure(f"signed out at {path}")


class Officer(_Person):
    weight = 3
    role = "officer"

    @task(2)
    def home(self):
        self.visit("home")

    @task(3)
    def register(self):
        self.visit(
            random.choice(["partnership list", "group list", "people list", "organisation list"])
        )  # noqa: S311

    @task(3)
    def partnership_and_groups(self):
        self.visit(random.choice(["partnership page", "group page"]))  # noqa: S311

    @task(3)
    def meetings(self):
        self.visit(random.choice(["group meetings", "meeting page"]))  # noqa: S311

    @task(3)
    def tracker(self):
        self.visit("action tracker")

    @task(2)
    def funding(self):
        self.visit(random.choice(["funding", "grant list", "grant page"]))  # noqa: S311

    @task(1)
    def dashboard(self):
        self.visit("dashboard")


class ScrutinyMember(_Person):
    weight = 1
    role = "scrutiny"

    @task(3)
    def dashboard(self):
        self.visit("dashboard")

    @task(1)
    def health(self):
        self.visit("health findings")

    @task(2)
    def reviews(self):
        self.visit("reviews")

    @task(1)
    def funding_statement(self):
        self.visit("funding statement")
