"""Background jobs: queued in Redis for the Arq worker, or run inline when there is no Redis."""

import uuid
from typing import Annotated, Any

from arq import ArqRedis
from arq.typing import WorkerCoroutine
from fastapi import Depends, Request

from .config import settings
from .database import session_factory


class JobQueue:
    """Where endpoints hand work off.

    A job is a coroutine function taking Arq's context first. The context holds the session
    factory (see worker.py), so a job opens its own session, inline as in the worker.
    """

    def __init__(self, redis: ArqRedis | None, context: dict[str, Any]) -> None:
        self.redis = redis
        self.context = context

    async def enqueue(self, function: WorkerCoroutine, *args: Any) -> str:
        """Queue the job, or run it now when there is no Redis; return the job's id."""
        if self.redis is None:
            job_id = uuid.uuid4().hex
            await function({**self.context, "job_id": job_id}, *args)
            return job_id
        job = await self.redis.enqueue_job(
            function.__qualname__, *args, _queue_name=settings.job_queue
        )
        if job is None:
            # Arq returns None only for a duplicate job id, and we never pass one.
            raise RuntimeError(f"{function.__qualname__} was not queued")
        return job.job_id


async def get_job_queue(request: Request) -> JobQueue:
    return JobQueue(request.app.state.arq, {"session_factory": session_factory})


JobQueueDep = Annotated[JobQueue, Depends(get_job_queue)]
