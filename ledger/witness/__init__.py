"""ipledger as a C2SP tlog-witness: the logs it witnesses, add-checkpoint, equivocations caught."""
