"""The topics report (01_topics): topic tables, shares per outlet and period, with n."""
