"""What both workflows share: the actor, the clock, results and error texts, the audit trail,
the transition table, paging, rate limits, similarity and argument checks. Imports no part."""
