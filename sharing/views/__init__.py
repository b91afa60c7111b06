"""Pages of resource sharing, mounted at /sharing/ (namespace sharing): venues and bookings, job postings and
referrals, training sessions, the 8:30 class, and the figures."""
