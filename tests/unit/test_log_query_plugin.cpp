// placeholder while the file is being written
