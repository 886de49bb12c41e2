-- Admission of one request, atomically: the tenant's state, then every token bucket it draws from.
-- KEYS[1]    tenant state hash (status, rpm); may not exist (an unknown tenant is active)
-- KEYS[2..n] token buckets (hash: tokens, ts)
-- ARGV       per bucket, in order: requests per minute, plan rule (plan | cap | fixed); then the
--            tokens wanted (a lease, ADR 0057) and the lease budget in ms: a lease takes at most that
--            long of the smallest bucket's rate, and never less than one token
-- Returns    {status, allowed 0/1, limit, remaining, reset seconds, retry-after ms, tokens granted}
--            of the binding bucket
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

local state = redis.call('HMGET', KEYS[1], 'status', 'rpm')
local status = state[1] or 'active'
if status ~= 'active' then
  return {status, 0, 0, 0, 0, 0, 0}
end
local plan = tonumber(state[2])

local bucketCount = #KEYS - 1
local grant = tonumber(ARGV[bucketCount * 2 + 1]) or 1
local leaseMillis = tonumber(ARGV[bucketCount * 2 + 2]) or 0

local buckets = {}
local allowed = 1
for i = 2, #KEYS do
  local limit = tonumber(ARGV[(i - 2) * 2 + 1])
  local rule = ARGV[(i - 2) * 2 + 2]
  if plan and plan > 0 then
    if rule == 'plan' then
      limit = plan
    elseif rule == 'cap' then
      limit = math.min(limit, plan)
    end
  end
  local rate = limit / 60000.0
  local stored = redis.call('HMGET', KEYS[i], 'tokens', 'ts')
  local tokens = tonumber(stored[1]) or limit
  local ts = tonumber(stored[2]) or now
  tokens = math.min(limit, tokens + math.max(0, now - ts) * rate)
  if tokens < 1 then
    allowed = 0
  end
  grant = math.min(grant, math.max(1, math.floor(limit * leaseMillis / 60000)), math.floor(tokens))
  buckets[i] = {limit, tokens, rate}
end
if allowed == 0 then
  grant = 0
end

local binding = nil
local retry = 0
for i = 2, #KEYS do
  local b = buckets[i]
  if allowed == 1 then
    b[2] = b[2] - grant
  else
    retry = math.max(retry, math.ceil((1 - math.min(b[2], 1)) / b[3]))
  end
  redis.call('HSET', KEYS[i], 'tokens', tostring(b[2]), 'ts', tostring(now))
  redis.call('PEXPIRE', KEYS[i], 61000)
  if binding == nil or b[2] < binding[2] then
    binding = b
  end
end

local remaining = math.max(0, math.floor(binding[2]))
local reset = math.ceil((binding[1] - binding[2]) / binding[3] / 1000)
return {status, allowed, binding[1], remaining, reset, retry, grant}
