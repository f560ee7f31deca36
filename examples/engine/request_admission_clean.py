"""Written in the current vocabulary: vocab-lint finds nothing here."""

from __future__ import annotations

from data_designer.engine.models.request_admission.controller import RequestAdmissionController
from data_designer.engine.dataset_builders.scheduling.task_model import SchedulingMetadata


def build_controller(metadata: SchedulingMetadata) -> RequestAdmissionController:
    """Request admission bounds provider calls; the static provider cap is its ceiling."""
    return RequestAdmissionController(max_parallel_requests=metadata.weight)
