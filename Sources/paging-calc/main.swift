// Placeholder until paging-calc is written.
print("paging-calc")
