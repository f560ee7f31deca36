def configure(max_llm_wait_tasks: int = 4) -> int:
    """Set MAX_LLM_WAIT_TASKS before the run."""
    return max_llm_wait_tasks
