import time

# How often an active session's expiry is pushed forward. Saving on every
# request would cost three queries a page; this keeps the idle timeout within
# a minute of SESSION_COOKIE_AGE at one write a minute at most.
REFRESH_SECONDS = 60


class IdleTimeoutMiddleware:
    """Sign people out after SESSION_COOKIE_AGE of inactivity."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get("_auth_user_id"):
            now = int(time.time())
            if now - session.get("seen", 0) >= REFRESH_SECONDS:
                session["seen"] = now  # marks the session modified: saved with a new expiry
        return self.get_response(request)
