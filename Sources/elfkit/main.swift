// Placeholder until the elfkit command is written.
print("elfkit")
