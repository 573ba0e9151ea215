//! What the sites send when things go wrong: each site's failure is named and the others shown.
