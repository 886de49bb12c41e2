-- Stores a page of a tenant's panel list under the generation its reader saw before reading.
-- KEYS[1]: the tenant's cached pages; ARGV[1]: "<generation>|<query>"; ARGV[2]: the page's JSON;
-- ARGV[3]: seconds the hash lives (set by its first page only, so no entry outlives it).
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3], 'NX')
return 1
