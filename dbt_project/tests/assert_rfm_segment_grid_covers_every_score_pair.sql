-- Every (recency score, frequency-monetary score) pair from 1..5 × 1..5 must have exactly one
-- segment: a missing pair would leave customers without a segment, a duplicate would give them
-- two. Returns the offending pairs.
with

scores as (
    select 1 as score
    union all select 2
    union all select 3
    union all select 4
    union all select 5
),

pairs as (
    select
        recency.score as recency_score,
        frequency_monetary.score as frequency_monetary_score
    from scores as recency
    cross join scores as frequency_monetary
),

grid as (
    select * from {{ ref('rfm_segment_grid') }}
),

cells as (
    select
        pairs.recency_score,
        pairs.frequency_monetary_score,
        count(grid.rfm_segment) as segments
    from pairs
    left join grid
        on
            pairs.recency_score = grid.recency_score
            and pairs.frequency_monetary_score = grid.frequency_monetary_score
    group by pairs.recency_score, pairs.frequency_monetary_score
)

select * from cells
where segments != 1
