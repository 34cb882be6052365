"""How messy the demo shop's exports are: every rate in one place.

docs/sources.md quotes each of these numbers and a test keeps the two in step; another test
checks that generated files land near them. Shares are fractions (0.015 = 1.5 %).
"""

from __future__ import annotations

# email/events: share of event rows that the provider exports a second time (same event_id).
DUPLICATE_EVENT_SHARE = 0.015

# Share of records carrying an email (accounts, guest orders, contacts, reviews, profiles) whose
# address differs from the person's own only by letter case or surrounding whitespace.
EMAIL_VARIANT_SHARE = 0.10

# Guest checkouts (orders with an email but no customer_id) come from two kinds of buyer: some
# never make an account, and account holders now and then check out as guest. Together they
# make about GUEST_ORDER_SHARE of real orders.
GUEST_ONLY_BUYER_SHARE = 0.10
ACCOUNT_HOLDER_GUEST_SHARE = 0.06
GUEST_ORDER_SHARE = 0.15

# Share of buyers holding two shop accounts (half with a case/whitespace variant of the same
# email, half with a second address).
MULTI_ACCOUNT_BUYER_SHARE = 0.03

# Share of shop accounts with no email at all (SMS-only customers).
SMS_ONLY_ACCOUNT_SHARE = 0.01

# Share of real orders refunded (fully or partly) and cancelled; of refunded orders, the share
# refunded only partly.
REFUND_ORDER_SHARE = 0.05
PARTIAL_REFUND_SHARE = 0.5
CANCELLED_ORDER_SHARE = 0.02

# Test orders placed by the shop itself (is_test=true, test@ addresses), as a share of all orders.
TEST_ORDER_SHARE = 0.003

# Rows made malformed in every landed table (at least one per table, whatever the scale).
MALFORMED_ROW_SHARE = 0.0015

# Orders placed in each autumn-fold hour (02:00-02:59 local, which happens twice) inside the
# period: this share of that Sunday's orders, but at least DST_FOLD_MIN_ORDERS per fold; the same
# for reviews. Half get +0200 (first pass), half +0100 (second pass).
DST_FOLD_ORDER_SHARE = 0.10
DST_FOLD_MIN_ORDERS = 8

# Person-owned social profiles that show the owner's email; profiles owned by nobody that show an
# email (of someone who never became a contact or customer).
OWNED_PROFILE_EMAIL_SHARE = 0.20
UNOWNED_PROFILE_EMAIL_SHARE = 0.03

# Reviews whose order the review app did not know (blank order_id).
REVIEW_WITHOUT_ORDER_SHARE = 0.15

# Daily deliveries (klantbeeld demo --daily-deliveries): share of event-like rows (orders with
# their lines, refunds, reviews, email events, social interactions, ad spend) that arrive
# LATE_EVENT_DAYS after the delivery they belong in.
LATE_EVENT_SHARE = 0.03
LATE_EVENT_DAYS = 2
