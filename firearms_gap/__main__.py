from firearms_gap.cli import main

main()
