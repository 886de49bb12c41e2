-- A cached page of a tenant's panel list, read in one round trip with the generation it belongs to.
-- KEYS[1]: the tenant's list generation (INCR'd after every write)
-- KEYS[2]: the tenant's cached pages (a hash: "<generation>|<query>" -> the page's JSON)
-- ARGV[1]: the page's query
-- Returns {generation, page or nil}; a page stored under an older generation is never returned.
local generation = redis.call('GET', KEYS[1]) or '0'
return {generation, redis.call('HGET', KEYS[2], generation .. '|' .. ARGV[1])}
