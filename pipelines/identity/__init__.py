"""Identity resolution: which records (shop accounts, orders, email contacts, social profiles)
belong to one person, with ids that stay stable from run to run."""
