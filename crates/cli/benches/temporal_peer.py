"""The runner bench's peer baseline: the same flow (an event starts a run that waits, then
makes one HTTP call to the bench's loopback target) on Temporal's dev server (`temporal
server start-dev --db-filename …`, SQLite). Driven by crates/cli/benches/runner.rs.

    temporal_peer.py worker ADDRESS
        Runs the workflow and its activity until killed; prints `ready` once polling.
    temporal_peer.py load ADDRESS TARGET_URL PREFIX COUNT CONCURRENCY RATE WAIT_MS
        Starts COUNT workflows (ids PREFIX-0…), at most CONCURRENCY at once; RATE > 0 paces
        the starts (per second, open loop). A start returns once the server has stored it:
        the counterpart of the runner's 2xx. Prints one line per start, `person ack_ns`
        (wall clock, as the target records arrivals), then `elapsed SECONDS`.

The workflow runs unsandboxed (the SDK's fastest mode): the baseline is Temporal at its
best on this machine, not a handicapped one.
"""

import asyncio
import json
import os
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.client import Client
from temporalio.worker import Worker

QUEUE = "parcours-bench"


@activity.defn
def notify(url: str, person: str) -> int:
    request = urllib.request.Request(
        url,
        data=json.dumps({"to": person}).encode(),
        headers={
            "Content-Type": "application/json",
            "Idempotency-Key": activity.info().workflow_id,
        },
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status


@workflow.defn(sandboxed=False)
class Reminder:
    @workflow.run
    async def run(self, url: str, person: str, wait_ms: int) -> int:
        if wait_ms > 0:
            await asyncio.sleep(wait_ms / 1000)
        return await workflow.execute_activity(
            notify,
            args=[url, person],
            start_to_close_timeout=timedelta(seconds=10),
        )


async def worker(address: str) -> None:
    client = await Client.connect(address)
    with ThreadPoolExecutor(max_workers=64) as pool:
        w = Worker(
            client,
            task_queue=QUEUE,
            workflows=[Reminder],
            activities=[notify],
            activity_executor=pool,
            max_concurrent_activities=64,
        )
        print("ready", flush=True)
        await w.run()


async def load(address, url, prefix, count, concurrency, rate, wait_ms) -> None:
    client = await Client.connect(address)
    gate = asyncio.Semaphore(concurrency)
    acks = []
    start = time.monotonic()

    async def one(i: int) -> None:
        if rate > 0:
            delay = start + i / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
        async with gate:
            person = f"{prefix}-{i}@bench.example"
            await client.start_workflow(
                Reminder.run,
                args=[url, person, wait_ms],
                id=f"{prefix}-{i}",
                task_queue=QUEUE,
            )
            acks.append((person, time.time_ns()))

    await asyncio.gather(*(one(i) for i in range(count)))
    elapsed = time.monotonic() - start
    out = sys.stdout
    for person, ack in acks:
        out.write(f"{person} {ack}\n")
    out.write(f"elapsed {elapsed}\n")
    out.flush()


def main() -> None:
    mode = sys.argv[1]
    if mode == "worker":
        asyncio.run(worker(sys.argv[2]))
    elif mode == "load":
        address, url, prefix = sys.argv[2:5]
        count, concurrency = int(sys.argv[5]), int(sys.argv[6])
        rate, wait_ms = float(sys.argv[7]), int(sys.argv[8])
        asyncio.run(load(address, url, prefix, count, concurrency, rate, wait_ms))
        # The SDK's core threads can abort interpreter shutdown; everything is printed.
        os._exit(0)
    else:
        sys.exit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
