"""The council's proof as data: the review list, the changes between rounds, and the problems to decide."""
