from firearms_gap.launch import main

main()
