package com.example.bookstore.api;

import java.io.Serializable;

/** A catalogue entry, sent from the provider to the web front end. */
public class Book implements Serializable {

    private static final long serialVersionUID = 1L;

    private String isbn;
    private String title;
    private String servedBy;

    public Book() {
    }

    public Book(String isbn, String title, String servedBy) {
        this.isbn = isbn;
        this.title = title;
        this.servedBy = servedBy;
    }

    public String getIsbn() {
        return isbn;
    }

    public void setIsbn(String isbn) {
        this.isbn = isbn;
    }

    public String getTitle() {
        return title;
    }

    public void setTitle(String title) {
        this.title = title;
    }

    public String getServedBy() {
        return servedBy;
    }

    public void setServedBy(String servedBy) {
        this.servedBy = servedBy;
    }
}
