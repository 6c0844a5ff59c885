"""Test helper: an S3-compatible object store on loopback, standing for the council's
cloud storage. It is a real HTTP server in its own process (moto's server mode), so
the application reaches it over the network through django-storages and boto3
exactly as it would reach the cloud."""

import socket
import subprocess
import sys
import time
from contextlib import contextmanager

import boto3

from config.tests.brokers import free_port

# The object store accepts any key; these only have to be given, as in production.
KEY_ID, SECRET = "object-store-key", "object-store-secret"
REGION = "eu-west-2"


@contextmanager
def object_store():
    """The endpoint URL of an object store started for the block, stopped after it."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(port, server)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def client(endpoint):
    """A boto3 client of the store, to look at it from outside the application."""
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=KEY_ID,
        aws_secret_access_key=SECRET,
    )


def bucket_storage(endpoint, bucket):
    """STORAGES["default"] as settings make it from STORAGE_BUCKET and the rest."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "region_name": REGION,
            "access_key": KEY_ID,
            "secret_key": SECRET,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }


def _wait_for(port, server, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"The object store stopped at start (exit {server.returncode}).")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"The object store did not answer on port {port} in {seconds} s.")
