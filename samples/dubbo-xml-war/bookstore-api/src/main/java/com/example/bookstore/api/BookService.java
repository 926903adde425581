package com.example.bookstore.api;

import java.util.List;

public interface BookService {

    /** The book with this ISBN, or null when the catalogue has none. */
    Book findBook(String isbn);

    /** Every ISBN in the catalogue, sorted. */
    List<String> listIsbns();
}
