"""Engines: run the analysis of many documents on one machine or on a Ray cluster.

Contract (owned by the sources stage):
- ``work.prepare(db, item) -> (raw to analyse | None, Done | None)``: what an ingest item needs;
  ``work.finish(db, item, raw, result) -> Done`` writes the outcome (one transaction per
  document through ``Database.save_document``). Both are shared by every engine, so the same
  inputs give the same database whichever engine ran them.
- ``pool.InProcess(analyze)`` and ``pool.ProcessPool(pipeline, workers, recycle_after)``:
  ``map(pairs) -> Iterator[(ctx, raw, Extraction | str | None)]`` in input order, with a
  bounded number of documents in flight; a ``str`` result is a one-line failure.
  Worker processes are replaced after ``recycle_after`` documents (lxml and spaCy grow).
- ``raydata.RayPool(build, workers)``: the same ``map`` over Ray actors, each holding the
  loaded analysis (locally or on a cluster, ``raydata.ray_session``); the driver reads the
  inputs and is the one writer, as the pool's parent (``Pipeline.process`` runs both).
"""
