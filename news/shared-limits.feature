Several replicas count wrong seal PINs and lookup failures together through Redis (`SANJI_REDIS_URL`, chart value `secrets.redis`); one instance keeps counting in memory.
