from samverkan_cli.cli.entry import main

main()
