export default `tcpsleuth learn: (help not written yet)
`;
