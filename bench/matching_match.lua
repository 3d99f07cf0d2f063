-- wrk script of bench/matching_bench.sh: POST /api/v1/match (an ad-hoc demand, never cached).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"occupation":"housekeeping","division_code":"620102","wage_min":3000,"wage_max":5000}'
